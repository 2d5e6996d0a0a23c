# A contact can be imported by its numeric id
terraform import contacts_contact.jane 45

# or by its email address (compared ignoring case)
terraform import contacts_contact.jane jane@acme.example
