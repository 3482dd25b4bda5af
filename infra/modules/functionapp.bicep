// The Function App on Linux, running the app as a custom handler (FUNCTIONS_WORKER_RUNTIME=custom: the Functions host
// starts the self-contained executable named in host.json and forwards HTTP requests and trigger invocations to it),
// and its plan: Consumption (Y1) or Elastic Premium (EP1).

@description('Name of the Function App (globally unique: <name>.azurewebsites.net).')
param name string

@description('Name of the hosting plan.')
param planName string

@description('Azure region of the app and its plan.')
param location string

@description('Tags applied to the app and its plan.')
param tags { *: string }

@description('Hosting plan: Y1 (Linux Consumption) or EP1 (Elastic Premium).')
@allowed([
  'Y1'
  'EP1'
])
param planSku string

@description('Most instances an Elastic Premium plan scales out to (ignored on Consumption).')
@minValue(1)
@maxValue(100)
param elasticMaximumWorkerCount int

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Name of the host storage account (AzureWebJobsStorage__accountName).')
param storageAccountName string

@description('Versionless URI of the Key Vault secret holding the storage connection string; empty to reach storage through the identity.')
param storageConnectionStringUri string

@description('Name of the Azure Files share of the app content; empty for none (required by Elastic Premium only when shared keys are used).')
param contentShareName string

@description('WEBSITE_RUN_FROM_PACKAGE: \'1\' (package deployed to the app by zip deploy) or the URL of a package in Blob Storage, read through the identity.')
param runFromPackage string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('The application\'s own settings (configuration keys with __ for :); the host settings below take precedence.')
param appSettings { *: string }

var isElasticPremium = planSku == 'EP1'

var storageSettings = empty(storageConnectionStringUri)
  ? {
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
    }
  : {
      AzureWebJobsStorage: '@Microsoft.KeyVault(SecretUri=${storageConnectionStringUri})'
    }

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

var hostSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'custom'
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
}

var settings = union(appSettings, hostSettings, storageSettings, contentShareSettings, packageSettings)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: isElasticPremium ? 'elastic' : 'functionapp'
  sku: isElasticPremium
    ? {
        name: 'EP1'
        tier: 'ElasticPremium'
      }
    : {
        name: 'Y1'
        tier: 'Dynamic'
      }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: isElasticPremium ? elasticMaximumWorkerCount : null
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
  properties: {
    serverFarmId: plan.id
    reserved: true
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      // A custom handler brings its own executable (self-contained linux-x64): no language stack.
      linuxFxVersion: ''
      use32BitWorkerProcess: false
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        for setting in items(settings): {
          name: setting.key
          value: setting.value
        }
      ]
    }
  }
}

@description('Name of the Function App.')
output name string = site.name

@description('Default host name of the Function App.')
output defaultHostName string = site.properties.defaultHostName
