// Azure infrastructure of the Acme integration function app: a Linux Function App running the app as a custom handler,
// its storage (host and durable engine), a user-assigned identity with least-privilege data roles, a Key Vault with
// the keys and third-party credentials (referenced from app settings), and Application Insights on Log Analytics.
// Deploy with: az deployment group create -g <resource group> -f infra/main.bicep -p infra/main.<env>.bicepparam

targetScope = 'resourceGroup'

// ---------------------------------------------------------------------------------------------------------------------
// Environment and hosting

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Environment name, part of every resource name.')
@allowed([
  'dev'
  'test'
  'prod'
])
param environmentName string

@description('Short name of the workload, part of every resource name: lowercase letters and digits.')
@minLength(3)
@maxLength(9)
param baseName string = 'acmeint'

@description('Hosting plan: Y1 (Linux Consumption, serverless) or EP1 (Elastic Premium: pre-warmed instances, no cold start).')
@allowed([
  'Y1'
  'EP1'
])
param planSku string = 'Y1'

@description('Most instances an Elastic Premium plan scales out to (ignored on Consumption).')
@minValue(1)
@maxValue(100)
param elasticMaximumWorkerCount int = 20

@description('Replication of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Reach storage through the managed identity, with shared-key access turned off (recommended). False: account keys are allowed and the app gets a connection string from Key Vault (and, on Elastic Premium, an Azure Files content share for zip deploy).')
param useManagedIdentityForStorage bool = true

@description('WEBSITE_RUN_FROM_PACKAGE. Empty: the blob functionapp.zip in the deployment container, read through the managed identity (or \'1\', zip deploy, on Elastic Premium with shared keys). Otherwise a package URL.')
param packageUri string = ''

@description('Object id of the principal (user, group or service principal) that uploads the deployment package; it gets Storage Blob Data Contributor on the deployment container only. Empty for none.')
param deployerPrincipalId string = ''

@description('Kind of principal deployerPrincipalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'ServicePrincipal'

@description('Days a deleted Key Vault or secret can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Key Vault purge protection: deleted secrets cannot be purged before the retention ends. Cannot be turned off once on.')
param keyVaultEnablePurgeProtection bool = true

@description('Days Log Analytics keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Tags applied to every resource, besides workload and environment.')
param tags { *: string } = {}

// ---------------------------------------------------------------------------------------------------------------------
// Application settings (README "Configuration")

@description('Durable:TaskHubName, the prefix of the engine\'s tables, queues and containers.')
param taskHubName string = 'AcmeHub'

@description('Callbacks:AllowedHosts, the hosts callback URLs may point at (example.com, *.example.com); empty for any public host.')
param callbackAllowedHosts string[] = []

@description('Integrations:Inventory:BaseUrl, the warehouse inventory API.')
param inventoryBaseUrl string

@description('Integrations:QuickBooks:BaseUrl, the QuickBooks Online API (https://quickbooks.api.intuit.com/ or the sandbox).')
param quickBooksBaseUrl string

@description('Integrations:QuickBooks:RealmId, the QuickBooks company id.')
param quickBooksRealmId string

@description('Integrations:Acme:BaseUrl, the Acme API.')
param acmeBaseUrl string

@description('Integrations:Ses:Region, the AWS region of SES.')
param sesRegion string

@description('Integrations:Ses:BaseUrl; empty for the SES endpoint of sesRegion.')
param sesBaseUrl string = ''

@description('Integrations:Ses:AccessKeyId, the AWS access key id for SES.')
param sesAccessKeyId string

@description('Integrations:Ses:FromAddress, the sender of the emails (an identity verified in SES).')
param sesFromAddress string

// ---------------------------------------------------------------------------------------------------------------------
// Secrets: stored in Key Vault, never in app settings

@description('Auth:FunctionKey, the key of the function endpoints (16+ characters).')
@secure()
@minLength(16)
param functionKey string

@description('Auth:AdminKey, the key of the management API (16+ characters, not the function key).')
@secure()
@minLength(16)
param adminKey string

@description('Callbacks:SigningKey, the HMAC key callbacks are signed with (32+ characters).')
@secure()
@minLength(32)
param callbackSigningKey string

@description('Integrations:QuickBooks:ApiKey, the QuickBooks Online access token.')
@secure()
@minLength(1)
param quickBooksAccessToken string

@description('Integrations:Acme:ApiKey, the Acme API key.')
@secure()
@minLength(1)
param acmeApiKey string

@description('Integrations:Ses:SecretAccessKey, the AWS secret access key for SES.')
@secure()
@minLength(1)
param sesSecretAccessKey string

// ---------------------------------------------------------------------------------------------------------------------
// Names: derived from the workload, the environment and the resource group, so a redeployment finds its resources

var suffix = take(uniqueString(subscription().id, resourceGroup().id, baseName, environmentName), 6)
var names = {
  identity: 'id-${baseName}-${environmentName}'
  workspace: 'log-${baseName}-${environmentName}'
  appInsights: 'appi-${baseName}-${environmentName}'
  storage: 'st${baseName}${environmentName}${suffix}'
  keyVault: 'kv-${baseName}-${environmentName}-${suffix}'
  plan: 'plan-${baseName}-${environmentName}'
  functionApp: 'func-${baseName}-${environmentName}-${suffix}'
  deploymentContainer: 'deployments'
  contentShare: 'func-${baseName}-${environmentName}-content'
}
var allTags = union(tags, {
  workload: baseName
  environment: environmentName
})

// Elastic Premium with shared keys keeps the classic layout: an Azure Files content share and zip deploy ('1').
// Everywhere else the app runs from a package blob read through its identity (Azure Files needs account keys).
var useContentShare = planSku == 'EP1' && !useManagedIdentityForStorage
var defaultPackageUri = useContentShare
  ? '1'
  : 'https://${names.storage}.blob.${environment().suffixes.storage}/${names.deploymentContainer}/functionapp.zip'

func keyVaultReference(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

// ---------------------------------------------------------------------------------------------------------------------
// Resources

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    skuName: storageSku
    allowSharedKeyAccess: !useManagedIdentityForStorage
    deploymentContainerName: names.deploymentContainer
    contentShareName: useContentShare ? names.contentShare : ''
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  dependsOn: [
    storage
  ]
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    enablePurgeProtection: keyVaultEnablePurgeProtection
    storageAccountName: names.storage
    storeStorageConnectionString: !useManagedIdentityForStorage
    functionKey: functionKey
    adminKey: adminKey
    callbackSigningKey: callbackSigningKey
    quickBooksAccessToken: quickBooksAccessToken
    acmeApiKey: acmeApiKey
    sesSecretAccessKey: sesSecretAccessKey
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  dependsOn: [
    identity
    storage
    keyVault
  ]
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    keyVaultName: names.keyVault
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
  }
}

var secretUris = keyVault.outputs.secretUris

var appSettings = union(
  {
    Auth__FunctionKey: keyVaultReference(secretUris.functionKey)
    Auth__AdminKey: keyVaultReference(secretUris.adminKey)
    Callbacks__SigningKey: keyVaultReference(secretUris.callbackSigningKey)
    Durable__TaskHubName: taskHubName
    Sandbox__Enabled: 'false'
    Integrations__Inventory__BaseUrl: inventoryBaseUrl
    Integrations__QuickBooks__BaseUrl: quickBooksBaseUrl
    Integrations__QuickBooks__RealmId: quickBooksRealmId
    Integrations__QuickBooks__ApiKey: keyVaultReference(secretUris.quickBooksAccessToken)
    Integrations__Acme__BaseUrl: acmeBaseUrl
    Integrations__Acme__ApiKey: keyVaultReference(secretUris.acmeApiKey)
    Integrations__Ses__BaseUrl: empty(sesBaseUrl) ? 'https://email.${sesRegion}.amazonaws.com/' : sesBaseUrl
    Integrations__Ses__Region: sesRegion
    Integrations__Ses__AccessKeyId: sesAccessKeyId
    Integrations__Ses__SecretAccessKey: keyVaultReference(secretUris.sesSecretAccessKey)
    Integrations__Ses__FromAddress: sesFromAddress
  },
  toObject(range(0, length(callbackAllowedHosts)), i => 'Callbacks__AllowedHosts__${i}', i => callbackAllowedHosts[i])
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  dependsOn: [
    roles // the identity can read the package, storage and secrets before the app first starts
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    planSku: planSku
    elasticMaximumWorkerCount: elasticMaximumWorkerCount
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    storageConnectionStringUri: secretUris.storageConnectionString
    contentShareName: useContentShare ? names.contentShare : ''
    runFromPackage: empty(packageUri) ? defaultPackageUri : packageUri
    appInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: appSettings
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs

@description('Name of the Function App.')
output functionAppName string = functionApp.outputs.name

@description('URL of the Function App; the endpoints are under /api.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the storage account.')
output storageAccountName string = names.storage

@description('Name of the container the deployment package (functionapp.zip) is uploaded to.')
output deploymentContainerName string = names.deploymentContainer

@description('Name of the Key Vault.')
output keyVaultName string = names.keyVault
