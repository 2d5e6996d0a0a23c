# Onboards one client company: the company, its contacts from a CSV file,
# its account owner and the contacts' portal logins in three styles:
#   password  the password comes from an ephemeral variable
#   invite    the contact sets a password from the invitation email
#   sso       single sign-on (auth_method "azure"), no password at all
#   none      no portal login
terraform {
  required_version = ">= 1.11"

  required_providers {
    contacts = {
      source = "contactsapi/contacts"
    }
  }
}

provider "contacts" {}

locals {
  # One entry per CSV row, keyed by email so that reordering the file
  # changes nothing.
  contacts = { for row in csvdecode(file("${path.module}/${var.contacts_file}")) : lower(row.email) => row }

  portal_users = { for email, row in local.contacts : email => row if row.portal != "none" }
}

resource "contacts_client" "company" {
  company_name = var.company_name
}

resource "contacts_contact" "people" {
  for_each = local.contacts

  client_id    = contacts_client.company.id
  first_name   = each.value.first_name
  last_name    = each.value.last_name
  email        = each.value.email
  phone        = each.value.phone != "" ? each.value.phone : null
  job_position = each.value.job_position != "" ? each.value.job_position : null

  # Write-only: only the create call sends the welcome email.
  send_welcome_email = true
}

resource "contacts_account_owner" "company" {
  client_id  = contacts_client.company.id
  contact_id = contacts_contact.people[lower(var.account_owner_email)].id
}

# The contacts' ids by email, evaluated once. Referring to
# contacts_contact.people[each.key].id from every portal user makes Terraform
# build the whole contacts map for each of them, which costs more with each
# row (see "Thousands of contacts" in the onboarding guide).
locals {
  contact_ids = { for email, contact in contacts_contact.people : email => contact.id }
}

resource "contacts_portal_user" "people" {
  for_each = local.portal_users

  contact_id  = local.contact_ids[each.key]
  auth_method = each.value.portal == "sso" ? "azure" : "local"

  # password: sent at creation and whenever password_version changes.
  password_wo         = each.value.portal == "password" ? var.portal_passwords[each.key] : null
  password_wo_version = each.value.portal == "password" ? var.password_version : null

  # invite: the invitation email goes out when the login is created.
  send_invite = each.value.portal == "invite"

  roles = [for ref in split(" ", each.value.roles) : { reference = ref } if ref != ""]

  lifecycle {
    precondition {
      condition     = contains(["password", "invite", "sso"], each.value.portal)
      error_message = "The portal column of ${each.key} must be password, invite, sso or none."
    }
  }
}
