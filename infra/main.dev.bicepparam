// Development: Flex Consumption (scales to zero; one always-ready instance for Durable), locally redundant storage, a
// Key Vault that can be purged (short-lived environments).
// Secrets and account-specific values come from environment variables (see README "Deployment"): none is in the repo.
using 'main.bicep'

param environmentName = 'dev'
param hostingPlan = 'FlexConsumption'
param flexInstanceMemoryMB = 2048
param flexMaximumInstanceCount = 40
param flexAlwaysReadyDurableInstanceCount = 1
param flexAlwaysReadyHttpInstanceCount = 0
param storageSku = 'Standard_LRS'
param keyVaultSoftDeleteRetentionInDays = 7
param keyVaultEnablePurgeProtection = false
param logRetentionInDays = 30

// Who uploads the deployment package blob (Storage Blob Data Contributor on its container; needed on Elastic Premium
// only: on Flex Consumption the platform writes the published package); none when unset.
param deployerPrincipalId = readEnvironmentVariable('ACME_DEPLOYER_PRINCIPAL_ID', '')
param deployerPrincipalType = readEnvironmentVariable('ACME_DEPLOYER_PRINCIPAL_TYPE', 'ServicePrincipal')

param quickBooksBaseUrl = 'https://sandbox-quickbooks.api.intuit.com/'
param sesRegion = 'us-east-1'
param inventoryBaseUrl = readEnvironmentVariable('ACME_INVENTORY_BASE_URL')
param acmeBaseUrl = readEnvironmentVariable('ACME_API_BASE_URL')
param erpBaseUrl = readEnvironmentVariable('ACME_ERP_BASE_URL')
param crmABaseUrl = readEnvironmentVariable('ACME_CRM_A_BASE_URL')
param crmBBaseUrl = readEnvironmentVariable('ACME_CRM_B_BASE_URL')
param crmCBaseUrl = readEnvironmentVariable('ACME_CRM_C_BASE_URL')
param creditBureauBaseUrl = readEnvironmentVariable('ACME_CREDIT_BUREAU_BASE_URL')
param warehouseEmail = readEnvironmentVariable('ACME_WAREHOUSE_EMAIL')
param quickBooksTokenUrl = readEnvironmentVariable('ACME_QUICKBOOKS_TOKEN_URL', '')
param quickBooksRealmId = readEnvironmentVariable('ACME_QUICKBOOKS_REALM_ID')
param quickBooksClientId = readEnvironmentVariable('ACME_QUICKBOOKS_CLIENT_ID')
param sesAccessKeyId = readEnvironmentVariable('ACME_SES_ACCESS_KEY_ID')
param sesFromAddress = readEnvironmentVariable('ACME_SES_FROM_ADDRESS')

// Secrets (stored in Key Vault). The function and admin keys become the Functions host's default host key and master
// key, the optional Durable system key the key of the Durable management API. QuickBooks: OAuth 2.0 by default; a fixed access token only for a short manual test,
// with ACME_QUICKBOOKS_REFRESH_TOKEN set empty.
param functionKey = readEnvironmentVariable('ACME_FUNCTION_KEY')
param adminKey = readEnvironmentVariable('ACME_ADMIN_KEY')
param durableSystemKey = readEnvironmentVariable('ACME_DURABLE_SYSTEM_KEY', '')
param callbackSigningKey = readEnvironmentVariable('ACME_CALLBACK_SIGNING_KEY')
param inventoryChangesWebhookSecret = readEnvironmentVariable('ACME_INVENTORY_WEBHOOK_SECRET')
param quickBooksClientSecret = readEnvironmentVariable('ACME_QUICKBOOKS_CLIENT_SECRET')
param quickBooksRefreshToken = readEnvironmentVariable('ACME_QUICKBOOKS_REFRESH_TOKEN')
param quickBooksAccessToken = readEnvironmentVariable('ACME_QUICKBOOKS_ACCESS_TOKEN', '')
param acmeApiKey = readEnvironmentVariable('ACME_API_KEY')
param acmeWebhookSecret = readEnvironmentVariable('ACME_ACME_WEBHOOK_SECRET')
param erpApiKey = readEnvironmentVariable('ACME_ERP_API_KEY')
param sesSecretAccessKey = readEnvironmentVariable('ACME_SES_SECRET_ACCESS_KEY')
