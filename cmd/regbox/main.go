// Command regbox is the regbox domain-reseller platform in one binary: the server,
// the embedded ISPAPI sandbox, and the administration and registrar tools.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"syscall"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// exitError carries an exit status out of a subcommand without printing anything
// more: the subcommand has already said what went wrong.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// env is how commands read the environment; tests pass a map's lookup.
type env func(string) string

// run executes the command line args and returns the process exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) int {
	root := newRootCmd(stdin, stdout, stderr, getenv)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintln(stderr, "regbox:", cliMessage(err))
	return 2
}

// cliMessage is what the operator reads: for a refusal (bad input, not found,
// a conflict, no access, a limit) its message alone, without the layers' and
// the driver's words ("sql: no rows in result set"); for anything else, and for
// several errors at once, the whole error (usage errors from flag parsing
// included), the cause helping the operator on their own machine. Errors never
// carry secrets.
func cliMessage(err error) string {
	var several interface{ Unwrap() []error }
	if errors.As(err, &several) {
		if errs := several.Unwrap(); len(errs) != 1 {
			return err.Error()
		}
	}
	switch regbox.ErrorCode(err) {
	case regbox.EINVALID, regbox.ENOTFOUND, regbox.ECONFLICT, regbox.EUNAUTHORIZED, regbox.EFORBIDDEN, regbox.ELIMITED:
		return regbox.ErrorMessage(err)
	}
	return err.Error()
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer, getenv env) *cobra.Command {
	root := &cobra.Command{
		Use:           "regbox",
		Short:         "regbox, a self-hosted domain-reseller platform",
		Long:          "regbox is a self-hosted domain-reseller platform for HEXONET's ISPAPI: registrar operations,\nbackorders, billing, a web client area and admin area, a JSON API and this CLI, in one binary.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// Changes made at the command line are recorded in the activity log as the
	// operator's; regbox serve's (jobs, the scheduler) as the system's.
	root.PersistentPreRun = func(cmd *cobra.Command, _ []string) {
		if cmd.Name() != "serve" && cmd.Name() != "sandbox" {
			cmd.SetContext(store.WithActor(cmd.Context(), cliActor()))
		}
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		newVersionCmd(),
		newCallCmd(getenv),
		newSandboxCmd(getenv),
		newConfigCmd(getenv),
		newMigrateCmd(getenv),
		newJobsCmd(getenv),
		newMailCmd(getenv),
		newCreditCmd(getenv),
		newLogsCmd(getenv),
		newClientsCmd(getenv),
		newInvoicesCmd(getenv),
		newAPIKeysCmd(getenv),
		newAdminCmd(getenv), newCurrenciesCmd(getenv),
		newServeCmd(getenv),
		newDomainCmd(getenv),
		newCheckCmd(getenv), newSuggestCmd(getenv), newPricesCmd(getenv),
		newDNSCmd(getenv),
		newBackorderCmd(getenv),
	)
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the regbox version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), "regbox", regbox.Version)
			return nil
		},
	}
}

// cliActor is the operator at the command line: "cli:" and the system user.
func cliActor() store.Actor {
	name := "unknown"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	return store.Actor{Kind: store.ActorSystem, ID: "cli:" + name}
}
