// Service Bus namespace for trade ideas (ServiceBusTradeIdeaPublisher): the trade-ideas topic with duplicate
// detection (MessageId = idea id, so a re-published run is dropped by the broker). Local (SAS key) auth is off.
// Standard tier: topics need it (Basic has queues only).

param name string
param location string
param tags object

@description('The topic the app publishes trade ideas to (app-names.json).')
param topicName string

@description('How long the broker remembers message ids for duplicate detection (ISO 8601 duration).')
param duplicateDetectionWindow string = 'PT1H'

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: topicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    defaultMessageTimeToLive: 'P14D'
    enableBatchedOperations: true
  }
}

output name string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output topicName string = topic.name
