package client

import "context"

// The single-page lists serve only the tests of paging: the client itself
// always walks every page (listAll).

// ListClientsPage returns one page of clients.
func (c *Client) ListClientsPage(ctx context.Context, f ClientListFilter, p Page) ([]ClientAccount, Meta, error) {
	return listPage[ClientAccount](ctx, c, clientsPath, f.values(), p)
}

// ListContactsPage returns one page of contacts.
func (c *Client) ListContactsPage(ctx context.Context, f ContactListFilter, p Page) ([]Contact, Meta, error) {
	return listPage[Contact](ctx, c, contactsPath, f.values(), p)
}

// ListPortalUsersPage returns one page of portal users.
func (c *Client) ListPortalUsersPage(ctx context.Context, f PortalUserListFilter, p Page) ([]PortalUser, Meta, error) {
	return listPage[PortalUser](ctx, c, portalUsersPath, f.values(), p)
}
