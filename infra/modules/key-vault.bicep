// Key Vault for market-data provider API keys, in RBAC mode (no access policies). The template creates no secret:
// the operator sets them (docs/deploy.md, "API keys"); the app reads them through Key Vault references in its app
// settings, resolved by the platform with the app's identity (Key Vault Secrets User).

param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
