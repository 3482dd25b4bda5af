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
// Application settings (README "Configuration"). The Sandbox is off on Azure, so every system needs its BaseUrl.

@description('Durable:TaskHubName, the prefix of the engine\'s tables, queues and containers (publish the package with the same value).')
param taskHubName string = 'AcmeHub'

@description('Durable:PartitionCount, the engine\'s control queues (publish the package with the same value).')
@minValue(1)
@maxValue(16)
param durablePartitionCount int = 4

@description('Callbacks:AllowedHosts, the hosts callback URLs may point at (example.com, *.example.com); empty for any public host.')
param callbackAllowedHosts string[] = []

@description('Orders:WarehouseEmail, where back-order notices go.')
@minLength(3)
param warehouseEmail string

@description('OrderBatches:Schedule, when the day\'s order file is processed: an NCRONTAB expression with 6 fields (second minute hour day month day-of-week), in UTC.')
param orderBatchSchedule string = '0 0 2 * * *'

@description('OrderBatches:MaxParallelOrders, how many orders of a batch run at once.')
@minValue(1)
@maxValue(500)
param orderBatchMaxParallelOrders int = 16

@description('Integrations:Inventory:BaseUrl, the warehouse inventory API.')
param inventoryBaseUrl string

@description('Integrations:QuickBooks:BaseUrl, the QuickBooks Online API (https://quickbooks.api.intuit.com/ or the sandbox).')
param quickBooksBaseUrl string

@description('Integrations:QuickBooks:TokenUrl, the OAuth 2.0 token endpoint; empty for Intuit\'s.')
param quickBooksTokenUrl string = ''

@description('Integrations:QuickBooks:RealmId, the QuickBooks company id.')
param quickBooksRealmId string

@description('Integrations:QuickBooks:ClientId, the OAuth 2.0 client id of the app registered with Intuit (may be empty only with quickBooksAccessToken).')
param quickBooksClientId string

@description('Integrations:Acme:BaseUrl, the Acme API.')
param acmeBaseUrl string

@description('Integrations:Erp:BaseUrl, the ERP API.')
param erpBaseUrl string

@description('Integrations:CrmA:BaseUrl, CRM A (customer consolidation).')
param crmABaseUrl string

@description('Integrations:CrmB:BaseUrl, CRM B (customer consolidation).')
param crmBBaseUrl string

@description('Integrations:CrmC:BaseUrl, CRM C (customer consolidation).')
param crmCBaseUrl string

@description('Integrations:CreditBureau:BaseUrl, the credit bureau (credit checks).')
param creditBureauBaseUrl string

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

@description('Integrations:QuickBooks:ClientSecret, the OAuth 2.0 client secret (may be empty only with quickBooksAccessToken).')
@secure()
param quickBooksClientSecret string

@description('Integrations:QuickBooks:RefreshToken, the OAuth 2.0 refresh token the app exchanges for access tokens. Empty: quickBooksAccessToken is used instead.')
@secure()
param quickBooksRefreshToken string

@description('Integrations:QuickBooks:ApiKey, a fixed access token used only without quickBooksRefreshToken; it expires within an hour (a short manual test). Empty for none.')
@secure()
param quickBooksAccessToken string = ''

@description('Integrations:Acme:ApiKey, the Acme API key.')
@secure()
@minLength(1)
param acmeApiKey string

@description('Integrations:Acme:WebhookSecret, the HMAC key Acme checks the order-page webhook signatures with.')
@secure()
@minLength(32)
param acmeWebhookSecret string

@description('Integrations:Ses:SecretAccessKey, the AWS secret access key for SES.')
@secure()
@minLength(1)
param sesSecretAccessKey string

@description('Integrations:Erp:ApiKey, the ERP API key.')
@secure()
@minLength(1)
param erpApiKey string

@description('InventoryChanges:WebhookSecret, the secret the warehouse\'s inventory-change webhooks are verified with (32+ characters).')
@secure()
@minLength(32)
param inventoryChangesWebhookSecret string

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

// QuickBooks: OAuth 2.0 (a refresh token with the client's id and secret) unless no refresh token is given, in which
// case the app sends the fixed access token (Integrations:QuickBooks:ApiKey). Either is checked before anything deploys.
var quickBooksUsesOAuth = !empty(quickBooksRefreshToken)
  ? (!empty(quickBooksClientId) && !empty(quickBooksClientSecret)
      ? true
      : fail('quickBooksRefreshToken needs quickBooksClientId and quickBooksClientSecret.'))
  : (!empty(quickBooksAccessToken)
      ? false
      : fail('Set quickBooksRefreshToken, quickBooksClientId and quickBooksClientSecret (OAuth 2.0), or quickBooksAccessToken (a fixed access token, for a short manual test).'))

var orderBatchScheduleFields = filter(split(orderBatchSchedule, ' '), field => !empty(field))
var checkedOrderBatchSchedule = length(orderBatchScheduleFields) == 6
  ? orderBatchSchedule
  : fail('orderBatchSchedule must be an NCRONTAB expression of 6 fields (second minute hour day month day-of-week), like 0 0 2 * * *.')

// Secrets, by Key Vault secret name: the configuration key with '--' for ':' (Key Vault names allow neither ':' nor
// '_'). Each is an app setting (the same key with '__') holding a Key Vault reference; an empty one is neither stored
// nor set (the QuickBooks credentials of the mode not in use).
var secrets = {
  'Auth--FunctionKey': functionKey
  'Auth--AdminKey': adminKey
  'Callbacks--SigningKey': callbackSigningKey
  'InventoryChanges--WebhookSecret': inventoryChangesWebhookSecret
  'Integrations--QuickBooks--ClientSecret': quickBooksUsesOAuth ? quickBooksClientSecret : ''
  'Integrations--QuickBooks--RefreshToken': quickBooksUsesOAuth ? quickBooksRefreshToken : ''
  'Integrations--QuickBooks--ApiKey': quickBooksUsesOAuth ? '' : quickBooksAccessToken
  'Integrations--Acme--ApiKey': acmeApiKey
  'Integrations--Acme--WebhookSecret': acmeWebhookSecret
  'Integrations--Erp--ApiKey': erpApiKey
  'Integrations--Ses--SecretAccessKey': sesSecretAccessKey
}
var storedSecretNames = filter(objectKeys(secrets), secretName => !empty(secrets[secretName]))
// The vault's URI from its name (not from the deployment), so the settings below need no runtime value.
var keyVaultUri = 'https://${names.keyVault}${environment().suffixes.keyvaultDns}/'

// Plain settings; an empty optional one is left out (the app's default applies).
var plainSettings = {
  Durable__TaskHubName: taskHubName
  Durable__PartitionCount: string(durablePartitionCount)
  Sandbox__Enabled: 'false'
  Orders__WarehouseEmail: warehouseEmail
  OrderBatches__Schedule: checkedOrderBatchSchedule
  OrderBatches__MaxParallelOrders: string(orderBatchMaxParallelOrders)
  Integrations__Inventory__BaseUrl: inventoryBaseUrl
  Integrations__QuickBooks__BaseUrl: quickBooksBaseUrl
  Integrations__QuickBooks__TokenUrl: quickBooksTokenUrl
  Integrations__QuickBooks__RealmId: quickBooksRealmId
  Integrations__QuickBooks__ClientId: quickBooksUsesOAuth ? quickBooksClientId : ''
  Integrations__Acme__BaseUrl: acmeBaseUrl
  Integrations__Erp__BaseUrl: erpBaseUrl
  Integrations__CrmA__BaseUrl: crmABaseUrl
  Integrations__CrmB__BaseUrl: crmBBaseUrl
  Integrations__CrmC__BaseUrl: crmCBaseUrl
  Integrations__CreditBureau__BaseUrl: creditBureauBaseUrl
  Integrations__Ses__BaseUrl: empty(sesBaseUrl) ? 'https://email.${sesRegion}.amazonaws.com/' : sesBaseUrl
  Integrations__Ses__Region: sesRegion
  Integrations__Ses__AccessKeyId: sesAccessKeyId
  Integrations__Ses__FromAddress: sesFromAddress
}

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
    secrets: secrets
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

var appSettings = union(
  toObject(filter(items(plainSettings), setting => !empty(setting.value)), setting => setting.key, setting => setting.value),
  toObject(
    storedSecretNames,
    secretName => replace(secretName, '--', '__'),
    secretName => '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretName})'
  ),
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
    storageConnectionStringUri: keyVault.outputs.storageConnectionStringUri
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
