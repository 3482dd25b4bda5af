// The storage account of the Functions host and of Durable Functions' Azure Storage provider (the task hub's tables,
// queues and blob containers, which the extension creates at start), plus the private deployment container: Flex
// Consumption's deployment storage, or where the Elastic Premium package blob is run from. An Azure Files content
// share only for Elastic Premium with shared keys.

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags { *: string }

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Whether account keys (shared key and SAS) are accepted. False when the app reaches storage through its managed identity.')
param allowSharedKeyAccess bool

@description('Name of the private blob container that holds the deployment package (Flex Consumption deployment storage, or the Elastic Premium package blob).')
param deploymentContainerName string

@description('Name of the Azure Files share of the app content (Elastic Premium with shared keys only); empty for none.')
param contentShareName string

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: allowSharedKeyAccess
    defaultToOAuthAuthentication: !allowSharedKeyAccess
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // No virtual network here: the app reaches storage over the public endpoint, with Entra ID (no shared key).
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2025-06-01' = if (!empty(contentShareName)) {
  parent: storage
  name: 'default'
}

resource contentShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2025-06-01' = if (!empty(contentShareName)) {
  parent: fileService
  name: contentShareName
}
