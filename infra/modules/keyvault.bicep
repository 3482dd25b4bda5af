// The Key Vault (RBAC authorization) that holds the third-party credentials and the Functions host's keys. App settings
// refer to the app's secrets with Key Vault references, so no secret value is an app setting; their names are the
// configuration keys with '--' for ':' (Callbacks--SigningKey is Callbacks:SigningKey). The host's keys are seeded under
// the names the host's Key Vault secret storage uses (host--masterKey--master, host--functionKey--default); the host
// adds its system keys (host--systemKey--*) itself. A redeployment sets the seeded keys to the parameters' values again.

@description('Name of the Key Vault (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the Key Vault.')
param location string

@description('Tags applied to the Key Vault.')
param tags { *: string }

@description('Days a deleted vault or secret can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Whether deleted vaults and secrets cannot be purged before the retention ends. Cannot be turned off once on.')
param enablePurgeProtection bool

@description('Name of the storage account of the app.')
param storageAccountName string

@description('Whether to store the storage account\'s connection string as Storage--ConnectionString (when storage is not reached through the managed identity).')
param storeStorageConnectionString bool

@description('The secrets by secret name (a configuration key with -- for :, or a host key name such as host--masterKey--master); a secret whose value is empty is not stored.')
@secure()
param secrets { *: string }

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Purge protection can be turned on but never off: "false" is sent as "not set".
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // No virtual network here: Key Vault references (which Flex Consumption resolves only from vaults without network
      // restrictions) and the host's key storage use the public endpoint, with Entra ID.
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource appSecrets 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = [
  for secretName in objectKeys(secrets): if (!empty(secrets[secretName])) {
    parent: vault
    name: secretName
    properties: {
      value: secrets[secretName]
    }
  }
]

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource storageConnectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (storeStorageConnectionString) {
  parent: vault
  name: 'Storage--ConnectionString'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

@description('Versionless URI of the storage connection string (Storage--ConnectionString); empty when it is not stored (storage through the managed identity).')
output storageConnectionStringUri string = storeStorageConnectionString ? storageConnectionStringSecret!.properties.secretUri : ''
