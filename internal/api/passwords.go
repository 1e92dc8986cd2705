package api

import (
	"context"
	"net/http"
	"net/url"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/store"
)

// ResetPath is where the link in a password reset mail points, under BaseURL;
// the token is its "token" query parameter.
const ResetPath = "/password-reset"

type resetRequestInput struct {
	Body struct {
		Email string `json:"email" minLength:"1" maxLength:"255"`
		Kind  string `json:"kind,omitempty" enum:"client,admin" default:"client"`
	}
}

type resetRequested struct {
	Message string `json:"message"`
}

type resetConfirmInput struct {
	Body struct {
		Token    string `json:"token" minLength:"1" maxLength:"100" doc:"The token from the mail's link."`
		Password string `json:"password" minLength:"1" maxLength:"1024" doc:"The new password."`
	}
}

func (a *api) registerPasswords() {
	handle(a, operation{id: "request-password-reset", method: http.MethodPost, path: "/password-resets", status: http.StatusAccepted,
		summary: "Mail a password reset link (the answer is the same whether the address is known or not)",
		access:  access{public: true}}, a.requestReset)
	handle(a, operation{id: "confirm-password-reset", method: http.MethodPost, path: "/password-resets/confirm", status: http.StatusNoContent,
		summary: "Set a new password with a reset token; ends the user's sessions", access: access{public: true}}, a.confirmReset)
}

// requestReset stores the token and queues the mail in one transaction.
func (a *api) requestReset(ctx context.Context, in *resetRequestInput) (*bodyOutput[resetRequested], error) {
	kind := accounts.KindClient
	if in.Body.Kind == "admin" {
		kind = accounts.KindAdmin
	}
	err := a.accounts.RequestPasswordResetThen(ctx, kind, in.Body.Email, authOf(ctx).IP, func(ctx context.Context, tx *store.Tx, r accounts.ResetToken) error {
		msg, err := a.resetMail(ctx, r)
		if err != nil {
			return err
		}
		_, err = a.mail.Queue(ctx, tx, msg)
		return err
	})
	if err != nil {
		return nil, err
	}
	return body(resetRequested{Message: "If the address belongs to an account, a link to reset its password is on its way."}), nil
}

// resetMail is the reset mail for r's user, in the client's language; the
// expiry shown is the stored token's.
func (a *api) resetMail(ctx context.Context, r accounts.ResetToken) (mail.Message, error) {
	p := r.User
	link := a.baseURL + ResetPath + "?" + url.Values{"token": {r.Token}}.Encode()
	data := map[string]string{"URL": link, "Expires": r.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC")}
	msg := mail.Message{Kind: mail.KindPasswordReset, Data: data}
	switch p.Kind {
	case accounts.KindClient:
		c, err := a.accounts.Client(ctx, p.ID)
		if err != nil {
			return msg, err
		}
		data["Name"], msg.To, msg.Language = c.FirstName+" "+c.LastName, c.Email, c.Language
	default:
		ad, err := a.accounts.Admin(ctx, p.ID)
		if err != nil {
			return msg, err
		}
		data["Name"], msg.To = ad.Name, ad.Email
	}
	return msg, nil
}

func (a *api) confirmReset(ctx context.Context, in *resetConfirmInput) (*struct{}, error) {
	_, err := a.accounts.ResetPassword(ctx, in.Body.Token, in.Body.Password)
	return nil, err
}
