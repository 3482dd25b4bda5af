// The Function App (Linux, .NET isolated worker: dotnet-isolated 10.0, Functions host ~4, Durable Functions on the
// Azure Storage provider) and its plan, one of:
//   Flex Consumption (FC1): runtime, scale (instance memory, maximum instances, always-ready instances per function
//     group) and deployment (a blob container read and written with the user-assigned identity) are in
//     functionAppConfig. The app settings and site properties Flex rejects or ignores are never sent
//     (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*, linuxFxVersion,
//     ftpsState, use32BitWorkerProcess, ...; "Flex Consumption plan deprecations" in the Functions app settings reference).
//   Elastic Premium (EP1): linuxFxVersion DOTNET-ISOLATED|10.0, FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION
//     settings, run from a package (a blob read with the identity, or zip deploy to an Azure Files content share).
// On both, the host keeps its keys in the Key Vault (AzureWebJobsSecretStorageType=keyvault, through the identity).

@description('Name of the Function App (globally unique: <name>.azurewebsites.net).')
param name string

@description('Name of the hosting plan.')
param planName string

@description('Azure region of the app and its plan.')
param location string

@description('Tags applied to the app and its plan.')
param tags { *: string }

@description('Hosting plan: FlexConsumption (FC1) or ElasticPremium (EP1).')
@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
param hostingPlan string

@description('Flex Consumption: memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param flexInstanceMemoryMB int

@description('Flex Consumption: most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param flexMaximumInstanceCount int

@description('Flex Consumption: always-ready instances, by per-function scale group (durable, http, blob) or function:<name>.')
param flexAlwaysReady {
  @description('The scale group (durable, http, blob) or function:<name>.')
  name: string

  @description('Instances kept running for it.')
  instanceCount: int
}[]

@description('Elastic Premium: most instances the plan scales out to.')
@minValue(1)
@maxValue(100)
param elasticMaximumWorkerCount int

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Name of the storage account of the host and of Durable (AzureWebJobsStorage__accountName).')
param storageAccountName string

@description('Versionless URI of the Key Vault secret holding the storage connection string; empty to reach storage through the identity (always on Flex Consumption).')
param storageConnectionStringUri string

@description('Flex Consumption: URL of the blob container the platform deploys the package to and runs it from.')
param deploymentContainerUrl string

@description('Elastic Premium: name of the Azure Files share of the app content; empty for none (needed only with shared keys).')
param contentShareName string

@description('Elastic Premium: WEBSITE_RUN_FROM_PACKAGE, \'1\' (zip deploy to the content share) or the URL of a package blob, read through the identity.')
param runFromPackage string

@description('URI of the Key Vault the host keeps its keys in (AzureWebJobsSecretStorageKeyVaultUri).')
param keyVaultUri string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('The application\'s own settings (configuration keys with __ for :); the host settings below take precedence.')
param appSettings { *: string }

var isFlex = hostingPlan == 'FlexConsumption'

// Host storage, which Durable's Azure Storage provider also uses (its default connection, AzureWebJobsStorage).
var storageSettings = empty(storageConnectionStringUri)
  ? {
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
    }
  : {
      AzureWebJobsStorage: '@Microsoft.KeyVault(SecretUri=${storageConnectionStringUri})'
    }

// Settings of both plans: monitoring, storage, and the host's keys in Key Vault (read and written with the identity,
// which has Key Vault Secrets Officer on the vault).
var commonSettings = union(storageSettings, {
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  AzureWebJobsSecretStorageType: 'keyvault'
  AzureWebJobsSecretStorageKeyVaultUri: keyVaultUri
  AzureWebJobsSecretStorageKeyVaultClientId: identityClientId
})

// Elastic Premium only: the runtime as app settings, and how the code gets there.
var contentShareSettings = empty(contentShareName)
  ? {}
  : {
      WEBSITE_CONTENTAZUREFILECONNECTIONSTRING: '@Microsoft.KeyVault(SecretUri=${storageConnectionStringUri})'
      WEBSITE_CONTENTSHARE: contentShareName
      // The platform cannot check a share behind a Key Vault reference at deployment; the share exists (storage module).
      WEBSITE_SKIP_CONTENTSHARE_VALIDATION: '1'
    }
var packageSettings = runFromPackage == '1'
  ? {
      WEBSITE_RUN_FROM_PACKAGE: '1'
    }
  : {
      WEBSITE_RUN_FROM_PACKAGE: runFromPackage
      WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityId
    }
var elasticSettings = union(
  {
    FUNCTIONS_EXTENSION_VERSION: '~4'
    FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  },
  contentShareSettings,
  packageSettings
)

var settings = isFlex ? union(appSettings, commonSettings) : union(appSettings, commonSettings, elasticSettings)
var appSettingList = [
  for setting in items(settings): {
    name: setting.key
    value: setting.value
  }
]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: 'EP1'
        tier: 'ElasticPremium'
      }
  properties: isFlex
    ? {
        reserved: true // Linux
      }
    : {
        reserved: true // Linux
        maximumElasticWorkerCount: elasticMaximumWorkerCount
      }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: isFlex
    ? {
        serverFarmId: plan.id
        httpsOnly: true
        keyVaultReferenceIdentity: identityId
        functionAppConfig: {
          runtime: {
            name: 'dotnet-isolated'
            version: '10.0'
          }
          deployment: {
            storage: {
              type: 'blobContainer'
              value: deploymentContainerUrl
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identityId
              }
            }
          }
          scaleAndConcurrency: {
            instanceMemoryMB: flexInstanceMemoryMB
            maximumInstanceCount: flexMaximumInstanceCount
            alwaysReady: flexAlwaysReady
          }
        }
        siteConfig: {
          minTlsVersion: '1.2'
          scmMinTlsVersion: '1.2'
          appSettings: appSettingList
        }
      }
    : {
        serverFarmId: plan.id
        reserved: true // Linux
        httpsOnly: true
        clientAffinityEnabled: false
        keyVaultReferenceIdentity: identityId
        siteConfig: {
          linuxFxVersion: 'DOTNET-ISOLATED|10.0'
          use32BitWorkerProcess: false
          ftpsState: 'Disabled'
          minTlsVersion: '1.2'
          scmMinTlsVersion: '1.2'
          http20Enabled: true
          appSettings: appSettingList
        }
      }
}

@description('Name of the Function App.')
output name string = site.name

@description('Default host name of the Function App.')
output defaultHostName string = site.properties.defaultHostName
