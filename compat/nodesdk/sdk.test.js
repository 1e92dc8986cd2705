// HEXONET's official Node SDK (9.0.8, the last ISPAPI version) against regbox's
// sandbox, whose URL run.sh passes in REGBOX_SANDBOX_URL. The SDK posts with
// Content-Type text/plain (fetch's default), converts IDNs itself, and pages with
// requestNextResponsePage: what its own test suite expects from OT&E.
import { test } from "node:test";
import assert from "node:assert/strict";
import { APIClient } from "@hexonet/ispapi-apiconnector";

const url = process.env.REGBOX_SANDBOX_URL;

function client() {
  assert.ok(url, "REGBOX_SANDBOX_URL is not set");
  const cl = new APIClient();
  cl.useOTESystem().setURL(url).setCredentials("test.user", "test.passw0rd");
  return cl;
}

test("login, a call in the session, logout, logout again", async () => {
  const cl = client();
  const r = await cl.login();
  assert.equal(r.getCode(), 200, r.getDescription());
  assert.equal(cl.getSession().length, 64);
  assert.ok((await cl.request({ COMMAND: "StatusAccount" })).isSuccess());
  assert.ok((await cl.logout()).isSuccess());
  const stale = client().setSession("h8JLZZHdF2WgWWXlwbKWzEG3XrzoW4yshhvtqyg0LCYiX55QnhgYX9cB0W4mlpbx");
  assert.ok((await stale.logout()).isError());
});

test("loginExtended and a wrong password", async () => {
  assert.ok((await client().loginExtended({ TIMEOUT: 60 })).isSuccess());
  const bad = client().setCredentials("test.user", "WRONGPASSWORD");
  const r = await bad.login();
  assert.ok(r.isError());
  assert.equal(r.getCode(), 530);
});

test("CheckDomains with the SDK's IDN conversion", async () => {
  const r = await client().request({ COMMAND: "CheckDomains", DOMAIN: ["example.com", "dömäin.example"] });
  assert.equal(r.getDescription(), "Command completed successfully");
  assert.match(r.getColumnIndex("DOMAINCHECK", 1), /^210/);
});

test("QueryDomainList paging", async () => {
  const cl = client();
  const r = await cl.request({ COMMAND: "QueryDomainList", LIMIT: 2, FIRST: 0 });
  assert.equal(r.getRecordsCount(), 2);
  assert.equal(r.getFirstRecordIndex(), 0);
  assert.equal(r.getLastRecordIndex(), 1);
  const next = await cl.requestNextResponsePage(r);
  assert.equal(next.getFirstRecordIndex(), 2);
  assert.equal(next.getLastRecordIndex(), 3);
  assert.equal(next.getRecordsCount(), 2);
});

test("user commands and a subuser view", async () => {
  const cl = client();
  assert.ok((await cl.request({ COMMAND: "QueryUserList", FIRST: 0, LIMIT: 10 })).isSuccess());
  assert.ok((await cl.request({ COMMAND: "GetUserIndex" })).isSuccess());
  cl.setUserView("hexotestman.com");
  assert.ok((await cl.request({ COMMAND: "GetUserIndex" })).isSuccess());
});
