# Exactly one of id and company_name.
data "contacts_client" "by_name" {
  company_name = "Acme Inc"
}

data "contacts_client" "by_id" {
  id = "12"
}

output "acme_client_id" {
  value = data.contacts_client.by_name.id
}
