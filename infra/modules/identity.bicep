// The user-assigned managed identity the Function App runs as: host storage, the app's own storage clients
// (DefaultAzureCredential with its client id), the deployment package, and Key Vault references.

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

@description('Client id of the identity (AzureWebJobsStorage__clientId).')
output clientId string = identity.properties.clientId
