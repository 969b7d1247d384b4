// The app's user-assigned managed identity: every data-plane call of the Functions host and the worker
// (storage, Service Bus, Key Vault references, Application Insights) authenticates as this identity.

@description('Name of the identity.')
param name string

param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
