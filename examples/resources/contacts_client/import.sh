# By the client's numeric id:
terraform import contacts_client.acme 12

# Or by its exact company name (case does not matter):
terraform import contacts_client.acme "Acme Inc"
