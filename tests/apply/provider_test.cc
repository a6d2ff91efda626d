// The provider catalog's api: block (reader), template rendering, ApiProvider
// over a scripted transport, and ExecProvider over small shell commands.
#include "rekey/provider/provider.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <deque>
#include <filesystem>
#include <fstream>

#include "rekey/rules/provider_catalog.h"

namespace rekey {
namespace {

const char kCatalog[] = R"(providers:
  - name: Gateway
    api:
      rate_limit: 5
      create: {method: POST, url: "{{provider_api}}/keys", body: '{"name": "{{label}}"}', id: /id, value: /secret}
      list: {method: GET, url: "{{provider_api}}/keys?name={{label}}", items: /data, id: /id, label: /name, value: /secret}
      revoke: {method: DELETE, url: "{{provider_api}}/keys/{{key_id}}"}
      validate: {method: GET, url: "{{provider_api}}/whoami", status: {success: [200], gone: [401]}}
      last_used: {method: GET, url: "{{provider_api}}/keys/{{key_id}}/usage", last_used: /at}
)";

ProviderApi LoadApi(const std::string& text, Diagnostics& diags) {
  ProviderCatalog catalog;
  catalog.AddText(text, "providers.yaml", diags);
  if (catalog.providers().empty() || !catalog.providers()[0].api) return {};
  return *catalog.providers()[0].api;
}

TEST(ProviderApiBlock, ReadsEveryCall) {
  Diagnostics diags;
  ProviderApi api = LoadApi(kCatalog, diags);
  ASSERT_FALSE(diags.HasErrors()) << diags.items()[0].message;
  EXPECT_EQ(api.rate_limit, 5);
  ASSERT_TRUE(api.create && api.list && api.revoke && api.validate && api.last_used);
  EXPECT_EQ(api.create->method, "POST");
  EXPECT_EQ(api.create->value, "/secret");
  EXPECT_EQ(api.validate->auth, ApiAuth::kKey);  // validate defaults to the key itself
  EXPECT_EQ(api.revoke->auth, ApiAuth::kAdmin);
  EXPECT_EQ(api.validate->status.gone, std::vector<int>{401});
}

TEST(ProviderApiBlock, ReportsEveryProblem) {
  Diagnostics diags;
  LoadApi(R"(providers:
  - name: Broken
    api:
      rate_limit: 0
      create: {method: FETCH, url: "{{provider_url}}/keys", id: data.id}
      revoke: {method: DELETE, url: "{{provider_api}}/{{key_id}}", status: {success: [999]}}
      exec: {command: [./x]}
)",
          diags);
  std::vector<std::string> messages;
  for (const Diagnostic& d : diags.items()) messages.push_back(d.id + " " + d.message);
  const std::string all = ::testing::PrintToString(messages);
  EXPECT_NE(all.find("rate_limit must be > 0"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown placeholder"), std::string::npos) << all;
  EXPECT_NE(all.find("provider_url"), std::string::npos) << all;
  EXPECT_NE(all.find("id must be a JSON pointer"), std::string::npos) << all;
  EXPECT_NE(all.find("needs value"), std::string::npos) << all;
  EXPECT_NE(all.find("not an HTTP status code"), std::string::npos) << all;
  EXPECT_NE(all.find("RK-YAML-007"), std::string::npos) << all;  // method FETCH
}

TEST(RenderTemplate, EncodesForUrlsAndJson) {
  KeyRef ref;
  ref.provider_api = "https://gw.example.test/v1";
  ref.label = "rot-a b";
  ref.key_id = "k/1\"";
  EXPECT_EQ(RenderTemplate("{{provider_api}}/keys/{{key_id}}?n={{ label }}", ref, true),
            "https://gw.example.test/v1/keys/k%2F1%22?n=rot-a%20b");
  EXPECT_EQ(RenderTemplate(R"({"id": "{{key_id}}"})", ref, false), R"({"id": "k/1\""})");
}

class ScriptedTransport final : public HttpTransport {
 public:
  TransportResult Perform(const HttpRequest& request) override {
    seen.push_back(request);
    TransportResult r;
    if (script.empty()) {
      r.failure = TransportFailure::kConnect;
      return r;
    }
    r = script.front();
    script.pop_front();
    return r;
  }
  void Respond(int status, std::string body) {
    TransportResult r;
    r.response = HttpResponse{status, {}, std::move(body)};
    script.push_back(r);
  }
  void Lose() {
    TransportResult r;
    r.failure = TransportFailure::kTimeout;
    script.push_back(r);
  }
  std::deque<TransportResult> script;
  std::vector<HttpRequest> seen;
};

struct Fixture {
  Fixture() {
    Diagnostics diags;
    api = LoadApi(kCatalog, diags);
    auto t = std::make_unique<ScriptedTransport>();
    transport = t.get();
    RetryOptions retry;
    retry.max_attempts = 1;
    http = std::make_unique<HttpClient>(std::move(t), retry);
    provider = MakeApiProvider(api, *http, [] { return Result<std::string>(std::string("admin-cred")); });
    ref.provider_api = "https://gw.example.test";
    ref.label = ref.rotation_id = "rot-k-1";
  }
  ProviderApi api;
  ScriptedTransport* transport;
  std::unique_ptr<HttpClient> http;
  std::unique_ptr<KeyProvider> provider;
  KeyRef ref;
};

TEST(ApiProvider, CreateLooksForAnEarlierAttemptFirst) {
  Fixture f;
  f.transport->Respond(200, R"({"data": []})");
  f.transport->Respond(201, R"({"id": "k_9", "secret": "v9"})");
  Result<ProviderKey> made = f.provider->Create(f.ref);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->id, "k_9");
  ASSERT_EQ(f.transport->seen.size(), 2u);
  EXPECT_EQ(f.transport->seen[1].body, R"({"name": "rot-k-1"})");
  EXPECT_EQ(f.transport->seen[1].headers[1].second, "Bearer admin-cred");
  EXPECT_FALSE(f.transport->seen[1].idempotent);
}

TEST(ApiProvider, ALostCreateResponseIsRecoveredNotRepeated) {
  Fixture f;
  f.transport->Respond(200, R"({"data": []})");
  f.transport->Lose();  // the create happened, its answer did not arrive
  f.transport->Respond(200, R"({"data": [{"id": "k_7", "name": "rot-k-1", "secret": "v7"}]})");
  Result<ProviderKey> made = f.provider->Create(f.ref);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->id, "k_7");
  EXPECT_EQ(made->value, "v7");
  int creates = 0;
  for (const HttpRequest& r : f.transport->seen) creates += r.method == "POST";
  EXPECT_EQ(creates, 1);
}

TEST(ApiProvider, RevokeOfAGoneKeySucceedsValidateAndLastUsed) {
  Fixture f;
  f.ref.key_id = "k_1";
  f.transport->Respond(404, "{}");
  EXPECT_TRUE(f.provider->Revoke(f.ref).ok());
  EXPECT_EQ(f.transport->seen[0].url, "https://gw.example.test/keys/k_1");
  f.transport->Respond(401, "{}");
  f.ref.key_value = "the-key";
  Result<bool> valid = f.provider->Validate(f.ref);
  ASSERT_TRUE(valid.ok());
  EXPECT_FALSE(*valid);
  EXPECT_EQ(f.transport->seen[1].headers[0].second, "Bearer the-key");
  f.transport->Respond(200, R"({"at": "2027-01-02T03:04:05Z"})");
  f.transport->Respond(200, R"({"at": null})");
  f.transport->Respond(200, R"({"at": 1800000000})");
  EXPECT_EQ((*f.provider->LastUsed(f.ref))->ToRfc3339(), "2027-01-02T03:04:05Z");
  EXPECT_FALSE(f.provider->LastUsed(f.ref)->has_value());
  EXPECT_EQ((*f.provider->LastUsed(f.ref))->unix_seconds(), 1800000000);
  f.transport->Respond(500, "{}");
  Status failed = f.provider->Revoke(f.ref);
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(IsTransient(failed.error()));
}

TEST(ApiProvider, DescribeRedactsTheCredential) {
  Fixture f;
  const std::string text = f.provider->Describe(ProviderOp::kCreate, f.ref);
  EXPECT_NE(text.find("POST https://gw.example.test/keys"), std::string::npos);
  EXPECT_NE(text.find("Authorization: <redacted>"), std::string::npos);
  EXPECT_EQ(text.find("admin-cred"), std::string::npos);
  EXPECT_TRUE(f.transport->seen.empty());
}

std::string Script(const std::string& dir, const std::string& name, const std::string& body) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << "#!/bin/sh\n" << body;
  chmod(path.c_str(), 0755);
  return path;
}

TEST(ExecProvider, SpeaksJsonAndClassifiesFailures) {
  const std::string dir = testing::TempDir() + "/exec-provider";
  std::filesystem::create_directories(dir);
  ExecProviderSpec spec;
  KeyRef ref;
  ref.label = "rot-x";
  // The request arrives on stdin; the answer is one JSON object.
  spec.command = {Script(dir, "ok.sh",
                         "read req\ncase \"$req\" in *'\"op\":\"create\"'*) ;; *) exit 1;; esac\n"
                         "case \"$req\" in *rot-x*) ;; *) exit 1;; esac\n"
                         "echo '{\"ok\": true, \"key_id\": \"e1\", \"key_value\": \"ev\"}'\n")};
  Result<ProviderKey> made = MakeExecProvider(spec, nullptr)->Create(ref);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->id, "e1");
  spec.command = {Script(dir, "temp.sh", "cat >/dev/null; exit 75\n")};
  Result<ProviderKey> temp = MakeExecProvider(spec, nullptr)->Create(ref);
  ASSERT_FALSE(temp.ok());
  EXPECT_TRUE(IsTransient(temp.error()));
  spec.command = {Script(dir, "no.sh", "cat >/dev/null; echo '{\"ok\": false, \"error\": \"quota\"}'\n")};
  Result<ProviderKey> refused = MakeExecProvider(spec, nullptr)->Create(ref);
  ASSERT_FALSE(refused.ok());
  EXPECT_FALSE(IsTransient(refused.error()));
  EXPECT_NE(refused.error().message.find("quota"), std::string::npos);
  spec.command = {Script(dir, "slow.sh", "sleep 5\n")};
  spec.timeout = Duration::Seconds(1);
  Result<ProviderKey> slow = MakeExecProvider(spec, nullptr)->Create(ref);
  ASSERT_FALSE(slow.ok());
  EXPECT_TRUE(IsTransient(slow.error()));
}

}  // namespace
}  // namespace rekey
