// Data-plane roles of one principal on the app's resources, each scoped to the one resource it is for.
// Used twice by main.bicep: for the app's managed identity, and (optionally) for the deploying user, so that a local
// run against the cloud resources works with `az login`.

@description('Object (principal) id that gets the roles.')
param principalId string

@description('Stable key of the principal, known before deployment (the identity\'s name, the user\'s object id): seeds the assignment names, so what-if can predict them.')
param assignmentKey string

@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string

param storageAccountName string
param serviceBusNamespaceName string
param keyVaultName string
param applicationInsightsName string

@description('Key Vault Secrets User (read: the app) or Key Vault Secrets Officer (read and write: the operator who sets the API keys).')
@allowed([
  'Key Vault Secrets User'
  'Key Vault Secrets Officer'
])
param keyVaultRole string

@description('Monitoring Metrics Publisher on Application Insights (the app sends telemetry with Entra ID because local auth is off).')
param monitoringMetricsPublisher bool

// Built-in role definition ids (the same in every subscription).
var roleIds = {
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  'Azure Service Bus Data Sender': '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6'
  'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb'
}

var storageRoles = [
  'Storage Blob Data Owner'
  'Storage Queue Data Contributor'
  'Storage Table Data Contributor'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' existing = {
  name: serviceBusNamespaceName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, assignmentKey, roleIds[role])
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[role])
      principalId: principalId
      principalType: principalType
      description: role
    }
  }
]

resource serviceBusSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, assignmentKey, roleIds['Azure Service Bus Data Sender'])
  scope: serviceBus
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds['Azure Service Bus Data Sender'])
    principalId: principalId
    principalType: principalType
    description: 'Azure Service Bus Data Sender'
  }
}

resource keyVaultSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, assignmentKey, roleIds[keyVaultRole])
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds[keyVaultRole])
    principalId: principalId
    principalType: principalType
    description: keyVaultRole
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (monitoringMetricsPublisher) {
  name: guid(applicationInsights.id, assignmentKey, roleIds['Monitoring Metrics Publisher'])
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds['Monitoring Metrics Publisher'])
    principalId: principalId
    principalType: principalType
    description: 'Monitoring Metrics Publisher'
  }
}
