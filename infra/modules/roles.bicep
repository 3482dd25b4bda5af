// The least roles the app's identity needs, each on one resource: data roles on the storage account (the Functions host
// keeps its own blobs there and needs Blob Data Owner, which also covers the deployment container; Durable's Azure
// Storage provider uses queues, tables and blobs) and Key Vault Secrets Officer on the vault (Key Vault references read
// the app's secrets; the host reads and writes its own keys there, AzureWebJobsSecretStorageType=keyvault). Optionally,
// the principal that uploads the Elastic Premium package blob may write to the deployment container only.

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account.')
param storageAccountName string

@description('Name of the container that holds the deployment package.')
param deploymentContainerName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Object id of the principal (user, group or service principal) that uploads the deployment package blob (Elastic Premium); empty for none.')
param deployerPrincipalId string

@description('Kind of principal deployerPrincipalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param deployerPrincipalType string

// Storage Blob Data Owner, Queue Data Contributor and Table Data Contributor are what the host storage connection
// (AzureWebJobsStorage) and Durable's Azure Storage provider need through an identity.
// Built-in role definition ids (the same in every cloud): https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deploymentContainer 'containers' existing = {
      name: deploymentContainerName
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [storageBlobDataOwner, storageQueueDataContributor, storageTableDataContributor]: {
    scope: storage
    name: guid(storage.id, identity.id, role)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Secrets Officer (read, list, write, delete secrets; no permission management) rather than Secrets User: the host
// creates its system keys (host--systemKey--*) and writes rotated keys. One role on the vault covers the Key Vault
// references too. The vault must not serve another function app: the host's secret names are not per app.
resource vaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsOfficer)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerPackageWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: storage::blobService::deploymentContainer
  name: guid(storage::blobService::deploymentContainer.id, deployerPrincipalId, storageBlobDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}
