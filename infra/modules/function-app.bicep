// The Functions app on the Flex Consumption plan (FC1): .NET 10 isolated worker, deployment package in a blob
// container read with the user-assigned identity, and every app setting the app reads (docs/functions.md,
// "Configuration"). Connections are identity-based only: no account key, connection string or SAS anywhere.

param name string
param planName string
param location string
param tags object

@description('azd deploys the `api` service of azure.yaml to the resource with this tag value.')
param serviceName string = 'api'

@description('Resource id and client id of the user-assigned identity the app runs as.')
param identityId string
param identityClientId string

@description('Service endpoints of the storage account (https://<account>.<service>.core.windows.net/).')
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string

@description('Blob container that holds the deployment package.')
param deploymentContainer string

param applicationInsightsConnectionString string

@description('Service Bus namespace host name and topic for trade ideas.')
param serviceBusFullyQualifiedNamespace string
param tradeIdeasTopic string

@description('Key Vault whose secrets the API key settings reference.')
param keyVaultName string

@description('App setting name -> Key Vault secret name of each provider API key (api-key-secrets.json).')
param vaultReferencedSettings object

@description('Names the app uses (app-names.json): the poison container and the ledger metrics table.')
param poisonContainer string
param metricsTable string

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

param marketDataSource string
param schedulerSchedule string
param sweeperSchedule string
param feedbackSchedule string

@description('Comma-separated tickers of the market-hours scheduler.')
param watchlist string

// The app reads its storage through this connection name (SuperGnosis:Functions:StorageConnection), the same one the
// Functions host and the queue triggers use.
var storageConnection = 'AzureWebJobsStorage'

var symbols = filter(map(split(watchlist, ','), s => toUpper(trim(s))), s => !empty(s))
var watchlistSettings = toObject(range(0, length(symbols)), i => 'SuperGnosis__Scheduler__Watchlist__${i}', i => symbols[i])

var apiKeySettings = toObject(
  items(vaultReferencedSettings),
  entry => entry.key,
  entry => '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${entry.value})'
)

var baseSettings = {
  '${storageConnection}__credential': 'managedidentity'
  '${storageConnection}__clientId': identityClientId
  '${storageConnection}__blobServiceUri': blobEndpoint
  '${storageConnection}__queueServiceUri': queueEndpoint
  '${storageConnection}__tableServiceUri': tableEndpoint
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  SuperGnosis__MarketData__Source: marketDataSource
  SuperGnosis__MarketData__Seed: '7'
  SuperGnosis__MarketData__RiskFreeRate: '0.04'
  SuperGnosis__Ledger__Kind: 'table'
  SuperGnosis__RunState__Kind: 'table'
  SuperGnosis__Scheduler__Schedule: schedulerSchedule
  SuperGnosis__Scheduler__IntervalMinutes: '15'
  SuperGnosis__Sweeper__Schedule: sweeperSchedule
  SuperGnosis__Sweeper__StuckAfter: '00:10:00'
  SuperGnosis__Sweeper__MaxRedrives: '3'
  SuperGnosis__Functions__StorageConnection: storageConnection
  SuperGnosis__Functions__PoisonContainer: poisonContainer
  SuperGnosis__Functions__Feedback__Schedule: feedbackSchedule
  SuperGnosis__Functions__Feedback__LookbackDays: '7'
  SuperGnosis__Functions__Feedback__MetricsTable: metricsTable
  SuperGnosis__TradeIdeas__ServiceBus__FullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  SuperGnosis__TradeIdeas__ServiceBus__ClientId: identityClientId
  SuperGnosis__TradeIdeas__ServiceBus__TopicName: tradeIdeasTopic
  SuperGnosis__Telemetry__ServiceName: 'supergnosis-functions'
  SuperGnosis__Telemetry__ConsoleExporter: 'false'
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(baseSettings, watchlistSettings, apiKeySettings)
}

// No FTP or SCM basic-auth publishing credentials: azd deploys with Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
