# The endpoint and key can come from CONTACTS_ENDPOINT and CONTACTS_API_KEY
# instead; keep the key out of configuration files.
provider "contacts" {
  endpoint = "https://crm.example.com"
  api_key  = var.contacts_api_key
}

variable "contacts_api_key" {
  type      = string
  sensitive = true
}
