data "contacts_access_roles" "all" {}

output "role_references" {
  value = data.contacts_access_roles.all.access_roles[*].reference
}
