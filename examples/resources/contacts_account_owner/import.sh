# By the client's id; the current owner becomes contact_id.
terraform import contacts_account_owner.acme 12
