# Step 1 of a bulk import: list every contact of a client (and its portal
# login) with the contacts_contacts data source and write one import block
# per object. Terraform cannot generate configuration for an import block
# that uses for_each, so the blocks are written out one by one instead:
#
#   terraform -chdir=discover apply -auto-approve -var 'company_name=Acme Inc'
#   terraform -chdir=discover output -raw import_blocks > imports.tf
terraform {
  required_version = ">= 1.11"

  required_providers {
    contacts = {
      source = "contactsapi/contacts"
    }
  }
}

# CONTACTS_ENDPOINT and CONTACTS_API_KEY configure the provider; a key with
# read scope is enough here.
provider "contacts" {}

variable "company_name" {
  description = "Exact name of the client company whose contacts to import."
  type        = string
}

data "contacts_client" "company" {
  company_name = var.company_name
}

data "contacts_contacts" "existing" {
  client_id = data.contacts_client.company.id
}

locals {
  # A resource name per contact: a letter and its id (c_45). Names made
  # from emails break: 1st.line@… starts with a digit, and j.doe@… and
  # j-doe@… would share one name; ids are digits and unique.
  names = {
    for c in data.contacts_contacts.existing.contacts : c.id => "c_${c.id}"
  }

  blocks = concat(
    [<<-EOT
    import {
      to = contacts_client.company
      id = "${data.contacts_client.company.id}"
    }
    EOT
    ],
    [for c in data.contacts_contacts.existing.contacts : <<-EOT
    import {
      to = contacts_contact.${local.names[c.id]}
      id = "${c.id}"
    }
    EOT
    ],
    [for c in data.contacts_contacts.existing.contacts : <<-EOT
    import {
      to = contacts_portal_user.${local.names[c.id]}
      id = "${c.portal_user_id}"
    }
    EOT
    if c.portal_user_id != null],
  )
}

output "import_blocks" {
  description = "The import blocks, ready for imports.tf."
  value       = join("\n", local.blocks)
}

output "contact_count" {
  description = "How many contacts the import blocks cover."
  value       = length(data.contacts_contacts.existing.contacts)
}
