# The client companies of an MSP, managed from a Git repository: pull
# requests show the plan, merges apply it (.github/workflows/terraform.yml).
# The API key and the portal passwords live in the CI's secret store and
# reach Terraform as environment variables only.
terraform {
  required_version = ">= 1.11"

  required_providers {
    contacts = {
      source = "contactsapi/contacts"
      # Pin the release you have tested, e.g. version = "~> 0.1".
    }
  }

  # State must outlive a CI job and be locked while one applies. The bucket,
  # key and region come from -backend-config in the workflow.
  backend "s3" {}
}

# CONTACTS_ENDPOINT (a repository variable) and CONTACTS_API_KEY (a secret)
# configure the provider.
provider "contacts" {}

locals {
  # One CSV file per client company under clients/, e.g. clients/Acme Inc.csv
  # with the columns first_name, last_name, email, portal (password, invite,
  # sso or none) and roles (references separated by spaces).
  companies = {
    for f in fileset("${path.module}/clients", "*.csv") :
    trimsuffix(f, ".csv") => csvdecode(file("${path.module}/clients/${f}"))
  }

  contacts = merge([
    for company, rows in local.companies : {
      for row in rows : lower(row.email) => merge(row, { company = company })
    }
  ]...)

  portal_users = { for email, row in local.contacts : email => row if row.portal != "none" }
}

resource "contacts_client" "company" {
  for_each = local.companies

  company_name = each.key
}

# The ids by company and by email, each map evaluated once: indexing
# contacts_client.company or contacts_contact.person with each.key in every
# instance makes Terraform build the whole map for each of them, which costs
# more with every row (see "Thousands of contacts" in the onboarding guide).
locals {
  client_ids  = { for company, c in contacts_client.company : company => c.id }
  contact_ids = { for email, c in contacts_contact.person : email => c.id }
}

resource "contacts_contact" "person" {
  for_each = local.contacts

  client_id  = local.client_ids[each.value.company]
  first_name = each.value.first_name
  last_name  = each.value.last_name
  email      = each.value.email
}

resource "contacts_portal_user" "person" {
  for_each = local.portal_users

  contact_id  = local.contact_ids[each.key]
  auth_method = each.value.portal == "sso" ? "azure" : "local"
  send_invite = each.value.portal == "invite"
  roles       = [for ref in split(" ", each.value.roles) : { reference = ref } if ref != ""]

  # From the PORTAL_PASSWORDS secret; bump var.password_version in a pull
  # request to send every password again after rotating the secret.
  password_wo         = each.value.portal == "password" ? var.portal_passwords[each.key] : null
  password_wo_version = each.value.portal == "password" ? var.password_version : null
}
