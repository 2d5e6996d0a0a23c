# Bulk import with terraform query (Terraform 1.14 and later):
#
#   terraform query -generate-config-out=generated.tf
#   terraform plan    # N to import, 0 to add, 0 to change, 0 to destroy
#   terraform apply
terraform {
  required_version = ">= 1.14"

  required_providers {
    contacts = {
      source = "contactsapi/contacts"
    }
  }
}

# CONTACTS_ENDPOINT and CONTACTS_API_KEY configure the provider; a key with
# read scope is enough for terraform query.
provider "contacts" {}
