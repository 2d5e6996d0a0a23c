# Step 2 of a bulk import: with imports.tf written by discover/, let
# Terraform write the resource blocks and import everything in one apply:
#
#   terraform plan -generate-config-out=generated.tf
#   terraform apply
#
# generated.tf then holds one resource block per object, as the server has
# it; review it, move it where it belongs and edit it like any other code.
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
