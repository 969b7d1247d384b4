// The storage account of the Functions host and of the pipeline: Queues between the stages, Tables for run state and
// the ledger, Blobs for claim checks, captures, poison messages and the deployment package. Keys are off
// (allowSharedKeyAccess: false): every client authenticates with Entra ID.

param name string
param location string
param tags object

@description('Every queue the app reads or writes, poison queues included (app-names.json).')
param queues array

@description('Every table the app uses (app-names.json).')
param tables array

@description('Every blob container: the app\'s (app-names.json) and the deployment package container.')
param containers array

@description('Blob name prefix (container/path/) of queue claim checks; a lifecycle rule deletes them after claimCheckRetentionDays.')
param claimCheckPrefix string

@description('Days a queue claim-check payload is kept. A queue message lives at most 7 days, so 7 is the least that never deletes a payload a message still points at.')
@minValue(7)
param claimCheckRetentionDays int

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    dnsEndpointType: 'Standard'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource storageTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in tables: {
    parent: tableService
    name: table
  }
]

// Claim-check bodies of queue messages are only needed while their message can still be delivered.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-queue-claim-checks'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                claimCheckPrefix
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: claimCheckRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    blobContainers
  ]
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
