// Development: Linux Consumption, locally redundant storage, a Key Vault that can be purged (short-lived environments).
// Secrets and account-specific values come from environment variables (see README "Deployment"): none is in the repo.
using 'main.bicep'

param environmentName = 'dev'
param planSku = 'Y1'
param storageSku = 'Standard_LRS'
param keyVaultSoftDeleteRetentionInDays = 7
param keyVaultEnablePurgeProtection = false
param logRetentionInDays = 30

// Who uploads the deployment package (Storage Blob Data Contributor on its container); none when unset.
param deployerPrincipalId = readEnvironmentVariable('ACME_DEPLOYER_PRINCIPAL_ID', '')
param deployerPrincipalType = readEnvironmentVariable('ACME_DEPLOYER_PRINCIPAL_TYPE', 'ServicePrincipal')

param quickBooksBaseUrl = 'https://sandbox-quickbooks.api.intuit.com/'
param sesRegion = 'us-east-1'
param inventoryBaseUrl = readEnvironmentVariable('ACME_INVENTORY_BASE_URL')
param acmeBaseUrl = readEnvironmentVariable('ACME_API_BASE_URL')
param quickBooksRealmId = readEnvironmentVariable('ACME_QUICKBOOKS_REALM_ID')
param sesAccessKeyId = readEnvironmentVariable('ACME_SES_ACCESS_KEY_ID')
param sesFromAddress = readEnvironmentVariable('ACME_SES_FROM_ADDRESS')

param functionKey = readEnvironmentVariable('ACME_FUNCTION_KEY')
param adminKey = readEnvironmentVariable('ACME_ADMIN_KEY')
param callbackSigningKey = readEnvironmentVariable('ACME_CALLBACK_SIGNING_KEY')
param quickBooksAccessToken = readEnvironmentVariable('ACME_QUICKBOOKS_ACCESS_TOKEN')
param acmeApiKey = readEnvironmentVariable('ACME_API_KEY')
param sesSecretAccessKey = readEnvironmentVariable('ACME_SES_SECRET_ACCESS_KEY')
