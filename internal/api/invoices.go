package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
)

// invoice is an invoice as the API shows it.
type invoice struct {
	ID       int64         `json:"id"`
	Number   string        `json:"number"`
	ClientID int64         `json:"client_id"`
	Currency string        `json:"currency"`
	Status   string        `json:"status" enum:"unpaid,paid,cancelled,refunded"`
	Total    int64         `json:"total" doc:"Minor units: the sum of the lines."`
	Lines    []invoiceLine `json:"lines,omitempty" doc:"Not in lists."`
	Replayed bool          `json:"replayed,omitempty" doc:"In answers to create: the Idempotency-Key had been used; this is the first invoice."`
}

type invoiceLine struct {
	Description string `json:"description" minLength:"1" maxLength:"1000"`
	Quantity    int64  `json:"quantity" minimum:"1"`
	UnitAmount  int64  `json:"unit_amount" minimum:"0" doc:"Minor units."`
	Amount      int64  `json:"amount,omitempty" readOnly:"true" doc:"Quantity × unit amount; set by the server."`
}

func invoiceOf(inv billing.Invoice) invoice {
	id, _ := strconv.ParseInt(inv.ClientID, 10, 64)
	out := invoice{ID: inv.ID, Number: inv.Number, ClientID: id, Currency: inv.Currency, Status: string(inv.Status),
		Total: inv.Total, Replayed: inv.Replayed}
	for _, l := range inv.Lines {
		out.Lines = append(out.Lines, invoiceLine{Description: l.Description, Quantity: l.Quantity, UnitAmount: l.UnitAmount, Amount: l.Amount})
	}
	return out
}

type invoiceListInput struct {
	PageQuery
	Status   string `query:"status" enum:"unpaid,paid,cancelled,refunded"`
	ClientID int64  `query:"client_id" minimum:"0" doc:"Only this client's invoices (admins; clients see their own)."`
}

type invoiceIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type invoiceCreateInput struct {
	IdempotencyKey
	Body struct {
		ClientID int64         `json:"client_id" minimum:"1"`
		Currency string        `json:"currency,omitempty" pattern:"^[A-Za-z]{3}$" doc:"Default: the client's currency."`
		Lines    []invoiceLine `json:"lines" minItems:"1" maxItems:"500"`
		AutoPay  bool          `json:"auto_pay,omitempty" doc:"Pay from the client's credit at once when it covers the total."`
	}
}

func (a *api) registerInvoices() {
	read := readAccess("billing:read")
	handle(a, operation{id: "list-invoices", method: http.MethodGet, path: "/invoices", summary: "List invoices, newest first",
		access: read}, a.listInvoices)
	handle(a, operation{id: "get-invoice", method: http.MethodGet, path: "/invoices/{id}", summary: "Get an invoice with its lines",
		access: read}, a.getInvoice)
	handle(a, operation{id: "create-invoice", method: http.MethodPost, path: "/invoices", status: http.StatusCreated,
		summary: "Create an invoice", access: access{scope: "billing:write", minRole: accounts.RoleSupport}}, a.createInvoice)
	handle(a, operation{id: "pay-invoice", method: http.MethodPost, path: "/invoices/{id}/pay", summary: "Pay an unpaid invoice from the client's credit",
		access: access{scope: "billing:write", client: true, minRole: accounts.RoleFull}}, a.payInvoice)
	handle(a, operation{id: "cancel-invoice", method: http.MethodPost, path: "/invoices/{id}/cancel", summary: "Cancel an unpaid invoice",
		access: access{scope: "billing:write", minRole: accounts.RoleSupport}}, a.cancelInvoice)
	handle(a, operation{id: "refund-invoice", method: http.MethodPost, path: "/invoices/{id}/refund", summary: "Refund a paid invoice as credit",
		access: access{scope: "billing:write", minRole: accounts.RoleFull}}, a.refundInvoice)
}

func (a *api) listInvoices(ctx context.Context, in *invoiceListInput) (*pageOutput[invoice], error) {
	before, err := in.cursor()
	if err != nil {
		return nil, err
	}
	f := billing.InvoiceFilter{Status: billing.InvoiceStatus(in.Status), Before: before, Limit: in.Limit}
	if au := authOf(ctx); au.User.Kind == accounts.KindClient {
		if in.ClientID != 0 && in.ClientID != au.User.ID {
			return newPage[invoice](nil, 0), nil
		}
		in.ClientID = au.User.ID
	}
	if in.ClientID != 0 {
		f.ClientID = strconv.FormatInt(in.ClientID, 10)
	}
	list, next, err := a.billing.Invoices(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]invoice, len(list))
	for i, inv := range list {
		items[i] = invoiceOf(inv)
	}
	return newPage(items, next), nil
}

// ownInvoice loads invoice id; a client asking for another's gets not-found.
func (a *api) ownInvoice(ctx context.Context, id int64) (billing.Invoice, error) {
	inv, err := a.billing.Invoice(ctx, id)
	if err != nil {
		return inv, err
	}
	if au := authOf(ctx); au.User.Kind == accounts.KindClient && inv.ClientID != strconv.FormatInt(au.User.ID, 10) {
		return billing.Invoice{}, regbox.Errorf(regbox.ENOTFOUND, "Invoice %d does not exist.", id)
	}
	return inv, nil
}

func (a *api) getInvoice(ctx context.Context, in *invoiceIDInput) (*bodyOutput[invoice], error) {
	inv, err := a.ownInvoice(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return body(invoiceOf(inv)), nil
}

func (a *api) createInvoice(ctx context.Context, in *invoiceCreateInput) (*bodyOutput[invoice], error) {
	c, err := a.accounts.Client(ctx, in.Body.ClientID)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return nil, regbox.FieldError("client_id", "client %d does not exist", in.Body.ClientID)
	} else if err != nil {
		return nil, err
	}
	lines := make([]billing.InvoiceLine, len(in.Body.Lines))
	for i, l := range in.Body.Lines {
		lines[i] = billing.InvoiceLine{Description: l.Description, Quantity: l.Quantity, UnitAmount: l.UnitAmount}
	}
	inv, err := a.billing.CreateInvoice(ctx, billing.NewInvoice{ClientID: strconv.FormatInt(c.ID, 10),
		Currency: cmpOr(in.Body.Currency, c.Currency), Lines: lines, AutoPay: in.Body.AutoPay, Key: "api:" + in.Key})
	if err != nil {
		return nil, err
	}
	return body(invoiceOf(inv)), nil
}

func (a *api) payInvoice(ctx context.Context, in *invoiceIDInput) (*bodyOutput[invoice], error) {
	return a.invoiceStep(ctx, in.ID, func(ctx context.Context, id int64) (billing.Invoice, error) {
		return a.billing.PayInvoice(ctx, id, billing.PaymentKey(id))
	})
}

func (a *api) cancelInvoice(ctx context.Context, in *invoiceIDInput) (*bodyOutput[invoice], error) {
	return a.invoiceStep(ctx, in.ID, a.billing.CancelInvoice)
}

func (a *api) refundInvoice(ctx context.Context, in *invoiceIDInput) (*bodyOutput[invoice], error) {
	return a.invoiceStep(ctx, in.ID, func(ctx context.Context, id int64) (billing.Invoice, error) {
		return a.billing.RefundInvoice(ctx, id, billing.RefundKey(id))
	})
}

// invoiceStep moves an invoice on (pay, cancel, refund). The keys are the
// invoice's own: paying or refunding twice never posts twice.
func (a *api) invoiceStep(ctx context.Context, id int64, step func(context.Context, int64) (billing.Invoice, error)) (*bodyOutput[invoice], error) {
	if _, err := a.ownInvoice(ctx, id); err != nil {
		return nil, err
	}
	inv, err := step(ctx, id)
	if err != nil {
		return nil, err
	}
	return body(invoiceOf(inv)), nil
}
