// SuperGnosis on Azure: everything `azd up` provisions for the Functions app (functions/SuperGnosis.Functions).
// Subscription scope: one resource group per azd environment, tagged azd-env-name. Plain resource declarations in
// small modules (no registry modules), so `bicep build` and `bicep lint` run offline (tools/SuperGnosis.Bicep).
// Queue, table, container and topic names come from app-names.json, which a test keeps equal to the app's code.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment (AZURE_ENV_NAME): names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region of every resource; it must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user or pipeline principal (AZURE_PRINCIPAL_ID): it gets the same data roles as the app, and Key Vault Secrets Officer to set API keys. Empty: no roles.')
param principalId string = ''

@description('Kind of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Resource group name; empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances each function group may scale out to (caps the cost of a burst).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Market-data source of the pipeline (SuperGnosis:MarketData:Source): synthetic, or live providers whose keys are in Key Vault (cboe, polygon, tradier, alpaca, or several joined by +, e.g. cboe+polygon; docs/providers.md). Not files: an instance has no data folder, and the app refuses to start without one.')
@minLength(1)
param marketDataSource string = 'synthetic'

@description('UTC NCRONTAB (six fields, seconds first) of the market-hours scheduler; the NYSE session is decided in code, so the schedule only has to cover it.')
param schedulerSchedule string = '0 */15 * * * 1-5'

@description('UTC NCRONTAB of the stuck-run sweeper.')
param sweeperSchedule string = '0 */5 * * * *'

@description('UTC NCRONTAB of the ledger feedback timer (after the NYSE close in EST and EDT).')
param feedbackSchedule string = '0 30 21 * * 1-5'

@description('Comma-separated tickers the scheduler runs while the NYSE regular session is open; empty: it starts nothing.')
param watchlist string = 'SPY,QQQ'

@description('Days a queue claim-check payload is kept before the lifecycle rule deletes it: at least the 7-day queue message lifetime, plus a margin because an identical body sent again later reuses the first upload (content-addressed).')
@minValue(7)
param claimCheckRetentionDays int = 14

var names = loadJsonContent('app-names.json')
var apiKeySecrets = loadJsonContent('api-key-secrets.json').secrets
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Resource names are known before deployment (no module outputs in names: what-if can predict every resource).
var identityName = 'id-sg-${resourceToken}'
var logAnalyticsName = 'log-sg-${resourceToken}'
var applicationInsightsName = 'appi-sg-${resourceToken}'
var storageAccountName = 'stsg${resourceToken}'
var serviceBusNamespaceName = 'sb-sg-${resourceToken}'
var keyVaultName = 'kv-sg-${resourceToken}'
var planName = 'plan-sg-${resourceToken}'
var functionAppName = 'func-sg-${resourceToken}'
var deploymentContainer = 'app-package-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    queues: names.queues
    tables: names.tables
    containers: concat(names.containers, [deploymentContainer])
    claimCheckPrefix: '${names.payloadsContainer}/${names.claimCheckPrefix}'
    claimCheckRetentionDays: claimCheckRetentionDays
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: serviceBusNamespaceName
    location: location
    tags: tags
    topicName: names.tradeIdeasTopic
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
  }
}

module appRoles 'modules/role-assignments.bicep' = {
  name: 'app-roles'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    assignmentKey: identityName
    principalType: 'ServicePrincipal'
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    keyVaultRole: 'Key Vault Secrets User'
    monitoringMetricsPublisher: true
  }
  dependsOn: [
    storage
    serviceBus
    keyVault
    monitoring
  ]
}

module deployerRoles 'modules/role-assignments.bicep' = if (!empty(principalId)) {
  name: 'deployer-roles'
  scope: rg
  params: {
    principalId: principalId
    assignmentKey: principalId
    principalType: principalType
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    keyVaultRole: 'Key Vault Secrets Officer'
    monitoringMetricsPublisher: false
  }
  dependsOn: [
    storage
    serviceBus
    keyVault
    monitoring
  ]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: planName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainer: deploymentContainer
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    tradeIdeasTopic: serviceBus.outputs.topicName
    keyVaultName: keyVaultName
    vaultReferencedSettings: apiKeySecrets
    poisonContainer: names.poisonContainer
    metricsTable: names.metricsTable
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    marketDataSource: marketDataSource
    schedulerSchedule: schedulerSchedule
    sweeperSchedule: sweeperSchedule
    feedbackSchedule: feedbackSchedule
    watchlist: watchlist
  }
  // The app starts polling its queues and reading Key Vault references as soon as it exists: give it its roles first.
  dependsOn: [
    appRoles
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_ENDPOINT string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_SERVICEBUS_TOPIC string = serviceBus.outputs.topicName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_NAME string = monitoring.outputs.logAnalyticsName
