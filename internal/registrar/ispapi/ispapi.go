// Package ispapi implements regbox.Registrar on HEXONET's ISPAPI through the
// protocol client in internal/ispapi. It translates domain terms into commands and
// response codes into regbox errors (errors.go); it keeps no state of its own.
package ispapi

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

// Options configures a Registrar.
type Options struct {
	// Clock tells the time for rules computed here; nil means the system clock.
	Clock regbox.Clock
	// PremiumChannels asks checks to report premium and aftermarket names ("*"),
	// as the seed's "premium domains" switch does. Off, premium names show as
	// registered.
	PremiumChannels bool
}

// Registrar is the ISPAPI implementation of regbox.Registrar.
type Registrar struct {
	client *proto.Client
	clock  regbox.Clock
	opts   Options
}

var _ regbox.Registrar = (*Registrar)(nil)

// New returns a Registrar that sends its commands through client.
func New(client *proto.Client, opts Options) *Registrar {
	clock := opts.Clock
	if clock == nil {
		clock = regbox.SystemClock{}
	}
	return &Registrar{client: client, clock: clock, opts: opts}
}

// Name returns "ispapi".
func (r *Registrar) Name() string { return "ispapi" }

// Client returns the protocol client, for callers that need a command this
// adapter does not wrap (the CLI's `regbox call`).
func (r *Registrar) Client() *proto.Client { return r.client }

// call sends cmd and turns any answer that is not a success into a regbox error
// (see errorFor). The response is returned in both cases for its properties.
func (r *Registrar) call(ctx context.Context, cmd *proto.Command) (*proto.Response, error) {
	resp, err := r.client.Call(ctx, cmd)
	if resp == nil { // a parameter that cannot be encoded: nothing was sent
		return nil, regbox.WrapError(regbox.EINVALID, err, "The request contains a value the registrar cannot accept.")
	}
	if !resp.IsSuccess() {
		return resp, errorFor(resp)
	}
	return resp, nil
}

// asProto finds the protocol error in err's chain.
func asProto(err error, target **proto.Error) bool { return errors.As(err, target) }

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
