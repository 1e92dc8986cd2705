package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/spf13/cobra"
)

// ispapiFlags are the connection settings of commands that talk to ISPAPI
// directly (call, dns): the configuration of regbox serve (--config, the file,
// REGBOX_REGISTRAR_* and their REGBOX_ISPAPI_* aliases), then these flags. The
// password comes only from the configuration, the environment or a file, never
// from a flag, so it is not left in shell history or process listings.
type ispapiFlags struct {
	conf                                                                    *configFlags
	system, url, entity, login, role, user, remoteAddr, proxy, passwordFile string
	timeout                                                                 time.Duration
	sandbox                                                                 string // set by registrar in sandbox mode: the endpoint
}

func (f *ispapiFlags) register(cmd *cobra.Command) {
	f.conf = addConfigFlags(cmd)
	fs := cmd.Flags()
	fs.StringVar(&f.system, "system", "", `registrar mode: sandbox (the running regbox serve's), ote, live or url (registrar.mode; env REGBOX_ISPAPI_SYSTEM)`)
	fs.StringVar(&f.url, "url", "", "endpoint URL, e.g. a separate sandbox's http://127.0.0.1:8765/api/call.cgi; alone it means mode url (registrar.url; env REGBOX_ISPAPI_URL)")
	fs.StringVar(&f.entity, "entity", "", "s_entity, 1234 (OT&E) or 54cd (LIVE); defaults from the mode (registrar.entity; env REGBOX_ISPAPI_ENTITY)")
	fs.StringVar(&f.login, "login", "", "account login (registrar.login; env REGBOX_ISPAPI_LOGIN)")
	fs.StringVar(&f.role, "role", "", "role user id: logs in as login!role (registrar.role; env REGBOX_ISPAPI_ROLE)")
	fs.StringVar(&f.user, "user", "", "subuser whose data to see and act on (s_user) (env REGBOX_ISPAPI_USER)")
	fs.StringVar(&f.remoteAddr, "remote-addr", "", "end user's IP address for the account's IP filter (env REGBOX_ISPAPI_REMOTE_ADDR)")
	fs.StringVar(&f.proxy, "proxy", "", "HTTP(S) proxy URL (registrar.proxy; env REGBOX_ISPAPI_PROXY; default HTTPS_PROXY)")
	fs.StringVar(&f.passwordFile, "password-file", "", `file holding the password, "-" for standard input (registrar.password_file; env REGBOX_ISPAPI_PASSWORD_FILE; or set REGBOX_ISPAPI_PASSWORD)`)
	fs.DurationVar(&f.timeout, "timeout", 0, "bound on the whole call (registrar.timeout; env REGBOX_ISPAPI_TIMEOUT; default 2m)")
}

// readSecretFile reads a password from a file ("-" for stdin), without its line end.
func readSecretFile(name string, stdin io.Reader) (string, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, 4096))
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return "", regbox.WrapError(regbox.EINVALID, err, "password-file: cannot read %q.", name)
	}
	pw := strings.TrimRight(string(b), "\r\n")
	if pw == "" {
		return "", regbox.FieldError("password-file", "%q is empty", name)
	}
	return pw, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func newCallCmd(getenv env) *cobra.Command {
	var (
		flags  ispapiFlags
		asJSON bool
		debug  bool
	)
	cmd := &cobra.Command{
		Use:   "call [COMMAND] KEY=VALUE...",
		Short: "Send one raw ISPAPI command and print the response",
		Long: `Send one raw ISPAPI command to the configured registrar and print the response as received
(or as JSON with --json). The command name may be given as COMMAND=Name or as the first word.
The registrar is regbox serve's (its configuration file, REGBOX_REGISTRAR_* or REGBOX_ISPAPI_*),
then the flags: in sandbox mode, the default, the embedded sandbox of the regbox serve running
at http.listen.
Exit status: 0 for a success (2xx), 1 for an API error (4xx, 5xx), 2 for a usage or configuration error.`,
		Example: `  regbox call CheckDomains DOMAIN0=a.com DOMAIN1=b.net          # the running regbox serve's sandbox
  REGBOX_ISPAPI_SYSTEM=ote REGBOX_ISPAPI_LOGIN=test.user REGBOX_ISPAPI_PASSWORD=... regbox call StatusAccount
  regbox call --config regbox.toml QueryDomainList LIMIT=10 --json
  regbox call --url http://127.0.0.1:8765/api/call.cgi --login test.user StatusAccount`,
		RunE: func(c *cobra.Command, args []string) error {
			command, err := parseCallArgs(args)
			if err != nil {
				return err
			}
			var log *slog.Logger
			if debug {
				log = slog.New(slog.NewTextHandler(c.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelDebug}))
			}
			client, err := flags.client(getenv, c.InOrStdin(), log)
			if err != nil {
				return err
			}
			r, callErr := client.Call(c.Context(), command)
			if r == nil {
				return callErr
			}
			if err := printResponse(c.OutOrStdout(), r, asJSON); err != nil {
				return err
			}
			if callErr != nil {
				if d := r.Detail(); d != "" && !asJSON {
					fmt.Fprintln(c.ErrOrStderr(), "regbox:", d)
				}
				if flags.sandbox != "" && r.Code() == ispapi.CodeTryAgain {
					fmt.Fprintf(c.ErrOrStderr(), "regbox: registrar.mode is sandbox: the embedded sandbox answers inside a running regbox serve (%s); start one, or set registrar.mode (--system) or --url\n", flags.sandbox)
				}
				return exitError{code: 1}
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the response as JSON")
	cmd.Flags().BoolVar(&debug, "debug", false, "log the request and response to standard error (secrets masked)")
	return cmd
}

// parseCallArgs turns "[Name] KEY=VALUE..." into a command.
func parseCallArgs(args []string) (*ispapi.Command, error) {
	command := &ispapi.Command{}
	for i, a := range args {
		key, value, found := strings.Cut(a, "=")
		switch {
		case !found && i == 0:
			command.Set("COMMAND", a)
		case !found:
			return nil, regbox.FieldError("argument "+fmt.Sprint(i+1), "%q is not KEY=VALUE", a)
		case key == "":
			return nil, regbox.FieldError("argument "+fmt.Sprint(i+1), "%q has an empty key", a)
		default:
			command.Set(key, value)
		}
	}
	if command.Name() == "" {
		return nil, regbox.FieldError("COMMAND", "no command given: name it first (regbox call CheckDomains DOMAIN0=a.com) or as COMMAND=...")
	}
	if err := command.Validate(); err != nil {
		var pe *ispapi.ParamError
		if errors.As(err, &pe) {
			return nil, regbox.FieldError(pe.Key, "%s", pe.Reason)
		}
		return nil, err
	}
	return command, nil
}

// responseJSON is the --json form of a response.
type responseJSON struct {
	Code        int                 `json:"code"`
	Description string              `json:"description"`
	Detail      string              `json:"detail,omitempty"`
	Pending     bool                `json:"pending,omitempty"`
	QueueTime   float64             `json:"queuetime"`
	RunTime     float64             `json:"runtime"`
	Columns     []string            `json:"columns"`
	Properties  map[string][]string `json:"properties"`
}

func printResponse(w io.Writer, r *ispapi.Response, asJSON bool) error {
	if !asJSON {
		_, err := io.WriteString(w, r.Plain())
		return err
	}
	out := responseJSON{Code: r.Code(), Description: r.Description(), Detail: r.Detail(), Pending: r.IsPending(),
		QueueTime: r.QueueTime(), RunTime: r.RunTime(), Columns: r.ColumnNames(), Properties: map[string][]string{}}
	for _, c := range r.Columns() {
		out.Properties[c.Name] = c.Values
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
