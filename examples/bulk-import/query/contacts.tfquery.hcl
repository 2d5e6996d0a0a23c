# What to bring under Terraform: one client company, found by name, with
# its contacts, their portal logins (revoked ones too) and its account
# owner. Each list block gives one resource and import block per object.
variable "company" {
  description = "Part of the company name of the client to import (case does not matter)."
  type        = string
  default     = "Acme"
}

list "contacts_client" "company" {
  provider         = contacts
  include_resource = true

  config {
    search = var.company
  }
}

list "contacts_contact" "people" {
  provider         = contacts
  include_resource = true
  limit            = 1000

  config {
    client_id = list.contacts_client.company.data[0].identity.id
  }
}

list "contacts_portal_user" "logins" {
  provider         = contacts
  include_resource = true
  limit            = 1000

  config {
    client_id = list.contacts_client.company.data[0].identity.id
  }
}

list "contacts_account_owner" "owner" {
  provider         = contacts
  include_resource = true

  config {
    client_id = list.contacts_client.company.data[0].identity.id
  }
}
