// The user-assigned managed identity the Function App runs as: host and Durable storage (AzureWebJobsStorage__*), the
// app's own storage clients (DefaultAzureCredential with its client id), the deployment package (Flex Consumption
// deployment storage, or the Elastic Premium package blob), Key Vault references, and the host's keys in Key Vault.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags { *: string }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity (for the app\'s identity list and keyVaultReferenceIdentity).')
output id string = identity.id

@description('Client id of the identity (AzureWebJobsStorage__clientId, AzureWebJobsSecretStorageKeyVaultClientId).')
output clientId string = identity.properties.clientId
