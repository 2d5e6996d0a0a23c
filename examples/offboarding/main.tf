# Offboards people without losing their history: a leaver's portal access is
# revoked (status = "terminated") while the contact and the login stay on
# the server. Add an email to var.leavers and apply; remove it to grant
# access again.
terraform {
  required_version = ">= 1.11"

  required_providers {
    contacts = {
      source = "contactsapi/contacts"
    }
  }
}

# CONTACTS_ENDPOINT and CONTACTS_API_KEY configure the provider.
provider "contacts" {}

variable "leavers" {
  description = "Emails of the contacts whose portal access is revoked."
  type        = set(string)
  default     = []
}

locals {
  people = {
    "jane@offboarding.example" = { first_name = "Jane", last_name = "Doe" }
    "sam@offboarding.example"  = { first_name = "Sam", last_name = "Smith" }
  }
}

resource "contacts_client" "acme" {
  company_name = "Acme Offboarding Inc"
}

resource "contacts_contact" "people" {
  for_each = local.people

  client_id  = contacts_client.acme.id
  first_name = each.value.first_name
  last_name  = each.value.last_name
  email      = each.key
}

# The contacts' ids by email, evaluated once: contacts_contact.people[each.key]
# in every portal user would build the whole map for each of them (see
# "Thousands of contacts" in the onboarding guide).
locals {
  contact_ids = { for email, contact in contacts_contact.people : email => contact.id }
}

resource "contacts_portal_user" "people" {
  for_each = local.people

  contact_id  = local.contact_ids[each.key]
  send_invite = true
  roles       = [{ reference = "tickets" }]

  # Revoke access, keep the login: a terminated user cannot log in, and
  # granting access again is a one-word change.
  status = contains(var.leavers, each.key) ? "terminated" : "active"

  # Even removing the resource (or the whole configuration) only revokes
  # access: the account and its history stay for the audit trail.
  deletion_policy = "revoke"
}

output "portal_status" {
  description = "Portal status by email."
  value       = { for email, u in contacts_portal_user.people : email => u.status }
}
