// Azure infrastructure of the Acme integration function app: a .NET isolated-worker Function App (dotnet-isolated 10.0)
// with Durable Functions on the Azure Storage provider, hosted on Flex Consumption (default) or Elastic Premium; its
// storage account (Functions host, Durable task hub, deployment package), a user-assigned identity with
// least-privilege data roles, a Key Vault holding the Functions host's keys (AzureWebJobsSecretStorageType=keyvault)
// and the third-party credentials (Key Vault references from app settings), and Application Insights on Log Analytics.
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

@description('Hosting plan: FlexConsumption (FC1: serverless, per-function scaling, always-ready instances; code deployed to a blob container) or ElasticPremium (EP1: pre-warmed instances, run from a package).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string = 'FlexConsumption'

@description('Flex Consumption: memory of each instance, in MB (ignored on Elastic Premium).')
@allowed([
  512
  2048
  4096
])
param flexInstanceMemoryMB int = 2048

@description('Flex Consumption: most instances the app scales out to, all function groups together (ignored on Elastic Premium).')
@minValue(1)
@maxValue(1000)
param flexMaximumInstanceCount int = 100

@description('Flex Consumption: always-ready instances of the durable group (orchestrator, activity and entity triggers); Microsoft recommends 1 for Durable Functions. 0 for none (ignored on Elastic Premium).')
@minValue(0)
@maxValue(20)
param flexAlwaysReadyDurableInstanceCount int = 1

@description('Flex Consumption: always-ready instances of the http group (every HTTP-triggered function), so synchronous callers meet no cold start; 0 for none (ignored on Elastic Premium).')
@minValue(0)
@maxValue(20)
param flexAlwaysReadyHttpInstanceCount int = 0

@description('Elastic Premium: most instances the plan scales out to (ignored on Flex Consumption).')
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

@description('Reach storage through the managed identity, with shared-key access turned off (recommended; required on Flex Consumption). False, Elastic Premium only: account keys are allowed, the host and Durable get a connection string from Key Vault, and the app gets an Azure Files content share and zip deploy.')
param useManagedIdentityForStorage bool = true

@description('Elastic Premium with managed-identity storage: WEBSITE_RUN_FROM_PACKAGE, the URL of the package. Empty: the blob functionapp.zip in the deployment container, read through the identity. Must be empty on Flex Consumption (the platform deploys to the container itself).')
param packageUri string = ''

@description('Object id of the principal (user, group or service principal) that uploads the deployment package blob on Elastic Premium; it gets Storage Blob Data Contributor on the deployment container only. Empty for none. Not needed on Flex Consumption, where the platform writes the package with the app\'s identity.')
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
// Durable Functions. The app's host.json configures the extension (Azure Storage provider, and
// storageProvider.maxQueuePollingInterval 00:00:01, within the 10 s Microsoft recommends on Flex Consumption); these
// two values override host.json through AzureFunctionsJobHost__extensions__durableTask__* app settings.

@description('The Durable task hub name (extensions.durableTask.hubName): the prefix of its tables, queues and blob containers. 3-45 letters and digits, starting with a letter. A new name starts an empty task hub.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'AcmeHub'

@description('The task hub\'s partitions, its control queues (extensions.durableTask.storageProvider.partitionCount, 1-16). Fixed when the task hub is created: to change it, also change taskHubName.')
@minValue(1)
@maxValue(16)
param durablePartitionCount int = 4

// ---------------------------------------------------------------------------------------------------------------------
// Application settings (README "Configuration"). The Sandbox is off on Azure, so every system needs its BaseUrl.

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

@description('The Functions host\'s default host key (Key Vault secret host--functionKey--default): callers of the AuthorizationLevel.Function endpoints send it as x-functions-key or ?code= (16+ characters).')
@secure()
@minLength(16)
param functionKey string

@description('The Functions host\'s master key (Key Vault secret host--masterKey--master): the AuthorizationLevel.Admin endpoints and the Durable management API accept it (16+ characters, not the function key).')
@secure()
@minLength(16)
param adminKey string

@description('Optional: the Durable extension\'s system key (durabletask_extension), which the Durable management API (/runtime/webhooks/durabletask) accepts, seeded as Key Vault secret host--systemKey--durabletask-095extension (16+ characters, not the function key). Empty: the host creates it at its first start.')
@secure()
param durableSystemKey string = ''

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

// ---------------------------------------------------------------------------------------------------------------------
// Checks: each stops the deployment before anything is created

var isFlex = hostingPlan == 'FlexConsumption'

// Flex Consumption has no content share, and the platform owns the package in the deployment container.
var checkedUseManagedIdentityForStorage = isFlex && !useManagedIdentityForStorage
  ? fail('useManagedIdentityForStorage=false (shared keys, an Azure Files content share) is for Elastic Premium only; Flex Consumption reaches storage through the managed identity.')
  : useManagedIdentityForStorage
var checkedPackageUri = isFlex && !empty(packageUri)
  ? fail('packageUri is for Elastic Premium only: on Flex Consumption the code is published to the deployment container (az functionapp deployment source config-zip).')
  : packageUri

// Elastic Premium with shared keys keeps the classic layout: an Azure Files content share and zip deploy ('1').
// Elastic Premium with the identity runs from the package blob, read through the identity (Azure Files needs keys).
var useContentShare = !isFlex && !checkedUseManagedIdentityForStorage
var deploymentContainerUrl = 'https://${names.storage}.blob.${environment().suffixes.storage}/${names.deploymentContainer}'
var defaultPackageUri = useContentShare ? '1' : '${deploymentContainerUrl}/functionapp.zip'

// The host's master key opens every endpoint and the Durable management API: it must not be the function key.
var checkedAdminKey = adminKey == functionKey
  ? fail('adminKey (the master key) must differ from functionKey (the default host key).')
  : adminKey

// The Durable system key opens the management API of every instance: a caller's function key must not be it.
var checkedDurableSystemKey = empty(durableSystemKey) || (length(durableSystemKey) >= 16 && durableSystemKey != functionKey)
  ? durableSystemKey
  : fail('durableSystemKey, when set, must be 16+ characters and differ from functionKey.')

// Durable task hub names: letters and digits, starting with a letter (the length is checked by the parameter).
var taskHubNameLetters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
var checkedTaskHubName = contains(taskHubNameLetters, take(taskHubName, 1)) && empty(filter(
    range(0, length(taskHubName)),
    i => !contains('${taskHubNameLetters}0123456789', substring(taskHubName, i, 1))
  ))
  ? taskHubName
  : fail('taskHubName must be 3-45 letters and digits, starting with a letter.')

// QuickBooks: OAuth 2.0 (a refresh token with the client's id and secret) unless no refresh token is given, in which
// case the app sends the fixed access token (Integrations:QuickBooks:ApiKey).
var quickBooksUsesOAuth = !empty(quickBooksRefreshToken)
  ? (!empty(quickBooksClientId) && !empty(quickBooksClientSecret)
      ? true
      : fail('quickBooksRefreshToken needs quickBooksClientId and quickBooksClientSecret.'))
  : (!empty(quickBooksAccessToken)
      ? false
      : fail('Set quickBooksRefreshToken, quickBooksClientId and quickBooksClientSecret (OAuth 2.0), or quickBooksAccessToken (a fixed access token, for a short manual test).'))

// The order-batch timer's schedule is the binding expression %OrderBatches:Schedule%: the host cannot index the
// functions without the setting, so it is always set, and checked here.
var orderBatchScheduleFields = filter(split(orderBatchSchedule, ' '), field => !empty(field))
var checkedOrderBatchSchedule = length(orderBatchScheduleFields) == 6
  ? orderBatchSchedule
  : fail('orderBatchSchedule must be an NCRONTAB expression of 6 fields (second minute hour day month day-of-week), like 0 0 2 * * *.')

// ---------------------------------------------------------------------------------------------------------------------
// Secrets and settings

// The app's secrets, by Key Vault secret name: the configuration key with '--' for ':' (Key Vault names allow neither
// ':' nor '_'). Each is an app setting (the same key with '__') holding a Key Vault reference; an empty one is neither
// stored nor set (the QuickBooks credentials of the mode not in use).
var appSecrets = {
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
var storedAppSecretNames = filter(objectKeys(appSecrets), secretName => !empty(appSecrets[secretName]))

// The Functions host's own keys, seeded under the names its Key Vault secret repository reads (KeyVaultSecretsRepository
// in azure-functions-host: host--masterKey--master, host--functionKey--<name>, host--systemKey--<name>, where a name's
// characters other than letters and digits are written as '-' and their 3-digit code: durabletask_extension is
// durabletask-095extension). No app setting refers to them: the host reads them at start (and caches them until it
// restarts) and writes the keys it creates or rotates. Seeding the Durable system key too means no instance creates it,
// so instances that start together cannot each cache a different one; empty, the host creates it.
var hostKeySecrets = {
  'host--masterKey--master': checkedAdminKey
  'host--functionKey--default': functionKey
  'host--systemKey--durabletask-095extension': checkedDurableSystemKey
}

// The vault's URI from its name (not from the deployment), so the settings below need no runtime value.
var keyVaultUri = 'https://${names.keyVault}${environment().suffixes.keyvaultDns}/'

// Plain settings the app always gets.
var requiredSettings = {
  // Durable: host.json overrides (AzureFunctionsJobHost__<path>), so the hub name is set by the deployment.
  AzureFunctionsJobHost__extensions__durableTask__hubName: checkedTaskHubName
  AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount: string(durablePartitionCount)
  Sandbox__Enabled: 'false'
  Orders__WarehouseEmail: warehouseEmail
  OrderBatches__Schedule: checkedOrderBatchSchedule
  // The queue InventoryChanges' queue trigger reads (%InventoryChanges:QueueName%) and the webhook writes to.
  InventoryChanges__QueueName: 'inventory-changes'
  OrderBatches__MaxParallelOrders: string(orderBatchMaxParallelOrders)
  Integrations__Inventory__BaseUrl: inventoryBaseUrl
  Integrations__QuickBooks__BaseUrl: quickBooksBaseUrl
  Integrations__QuickBooks__RealmId: quickBooksRealmId
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

// Optional plain settings: an empty one is left out (the app's default applies).
var optionalSettings = {
  Integrations__QuickBooks__TokenUrl: quickBooksTokenUrl
  Integrations__QuickBooks__ClientId: quickBooksUsesOAuth ? quickBooksClientId : ''
}

var appSettings = union(
  requiredSettings,
  toObject(filter(items(optionalSettings), setting => !empty(setting.value)), setting => setting.key, setting => setting.value),
  toObject(
    storedAppSecretNames,
    secretName => replace(secretName, '--', '__'),
    secretName => '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${secretName})'
  ),
  toObject(range(0, length(callbackAllowedHosts)), i => 'Callbacks__AllowedHosts__${i}', i => callbackAllowedHosts[i])
)

// Flex Consumption always-ready instances, by per-function scale group ('durable': orchestrator, activity and entity
// triggers; 'http': every HTTP trigger); a group with 0 is left out (scales from zero).
var flexAlwaysReady = filter(
  [
    {
      name: 'durable'
      instanceCount: flexAlwaysReadyDurableInstanceCount
    }
    {
      name: 'http'
      instanceCount: flexAlwaysReadyHttpInstanceCount
    }
  ],
  group => group.instanceCount > 0
)

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
    allowSharedKeyAccess: !checkedUseManagedIdentityForStorage
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
    storeStorageConnectionString: !checkedUseManagedIdentityForStorage
    secrets: union(appSecrets, hostKeySecrets)
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

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  dependsOn: [
    roles // the identity can read storage, the package and the secrets, and write the host's keys, before the app starts
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    hostingPlan: hostingPlan
    flexInstanceMemoryMB: flexInstanceMemoryMB
    flexMaximumInstanceCount: flexMaximumInstanceCount
    flexAlwaysReady: flexAlwaysReady
    elasticMaximumWorkerCount: elasticMaximumWorkerCount
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    storageConnectionStringUri: keyVault.outputs.storageConnectionStringUri
    deploymentContainerUrl: deploymentContainerUrl
    contentShareName: useContentShare ? names.contentShare : ''
    runFromPackage: empty(checkedPackageUri) ? defaultPackageUri : checkedPackageUri
    keyVaultUri: keyVaultUri
    appInsightsConnectionString: monitoring.outputs.connectionString
    appSettings: appSettings
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs

@description('Name of the Function App.')
output functionAppName string = functionApp.outputs.name

@description('URL of the Function App: the functions are under /api, the Durable management API under /runtime/webhooks/durabletask.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the storage account.')
output storageAccountName string = names.storage

@description('Name of the deployment container: on Flex Consumption the platform keeps the published package there; on Elastic Premium (managed identity) upload functionapp.zip to it.')
output deploymentContainerName string = names.deploymentContainer

@description('Name of the Key Vault (the app\'s secrets and the Functions host\'s keys).')
output keyVaultName string = names.keyVault
