// `rekey compile alertmanager`: routes rekey's alerts to the seed's actions —
// page_on_call_engineer, alert_security_team, alert_application_team (one
// child route per key owner, so each team gets its own keys' warnings).
// A complete configuration (amtool check-config accepts it); merge its
// `route.routes[0]` and receivers into your own and give each receiver its
// integrations (PagerDuty, Slack, e-mail).
#include <set>

#include "emit/compile_internal.h"
#include "emit/yaml_value.h"
#include "rekey/base/text.h"

namespace rekey {
namespace {

struct Action {
  const char* action;    // the seed's, as the rules' `action` label
  const char* receiver;  // the receiver it routes to
  const char* repeat;    // how often an unresolved alert is sent again
};
constexpr Action kActions[] = {{"page_on_call_engineer", "page-on-call-engineer", "1h"},
                               {"alert_security_team", "security-team", "4h"},
                               {"alert_application_team", "application-team", "12h"}};

YamlValue Matchers(std::initializer_list<std::string> matchers) {
  YamlValue seq = YamlValue::Seq();
  for (const std::string& m : matchers) seq.Push(m);
  return seq;
}

YamlValue GroupBy() {
  YamlValue seq = YamlValue::Seq();
  for (const char* label : {"alertname", "key", "service"}) seq.Push(label);
  return seq;
}

std::string Receiver(const std::string& owner) { return "application-team-" + KubernetesName(owner, 200); }

}  // namespace

CompileOutput CompileAlertmanager(const Model& model, const CompileStamp& stamp) {
  std::set<std::string> owners;
  for (const ApiKey& k : model.keys) {
    if (k.owner && !k.owner->empty()) owners.insert(*k.owner);
  }
  YamlValue children = YamlValue::Seq();
  for (const Action& a : kActions) {
    YamlValue route = YamlValue::Map();
    route.Set("receiver", a.receiver)
        .Set("matchers", Matchers({"action=\"" + std::string(a.action) + "\""}))
        .Set("repeat_interval", YamlValue::Plain(a.repeat));
    if (std::string(a.action) == "page_on_call_engineer") route.Set("group_wait", YamlValue::Plain("0s"));
    if (std::string(a.action) == "alert_application_team" && !owners.empty()) {
      YamlValue by_owner = YamlValue::Seq();
      for (const std::string& owner : owners) {
        YamlValue r = YamlValue::Map();
        r.Set("receiver", Receiver(owner)).Set("matchers", Matchers({"owner=" + PromString(owner)}));
        by_owner.Push(std::move(r));
      }
      route.Set("routes", std::move(by_owner), "warnings of keys that name an owner go to that team");
    }
    children.Push(std::move(route), std::string("the seed's ") + a.action);
  }
  YamlValue rekey_route = YamlValue::Map();
  rekey_route.Set("matchers", Matchers({"alertname=~\"Rekey.+\""}))
      .Set("group_by", GroupBy())
      .Set("group_wait", YamlValue::Plain("30s"))
      .Set("group_interval", YamlValue::Plain("5m"))
      .Set("routes", std::move(children));
  YamlValue top_routes = YamlValue::Seq();
  top_routes.Push(std::move(rekey_route), "rekey's alerts: paste this route under your own route's routes:");
  YamlValue route = YamlValue::Map();
  route.Set("receiver", "default").Set("group_by", GroupBy()).Set("routes", std::move(top_routes));

  YamlValue receivers = YamlValue::Seq();
  receivers.Push(YamlValue::Map().Set("name", "default"), "alerts no route claims (your existing default)");
  for (const Action& a : kActions) receivers.Push(YamlValue::Map().Set("name", a.receiver));
  for (const std::string& owner : owners) receivers.Push(YamlValue::Map().Set("name", Receiver(owner)));

  // A failed rotation explains the key's age: page once, not twice.
  YamlValue inhibit = YamlValue::Map();
  inhibit.Set("source_matchers", Matchers({"alertname=\"RekeyRotationFailed\""}))
      .Set("target_matchers", Matchers({"alertname=\"RekeyKeyAgeOverLimit\""}))
      .Set("equal", YamlValue::Seq());
  inhibit.At("equal").Push("key");
  YamlValue inhibit_rules = YamlValue::Seq();
  inhibit_rules.Push(std::move(inhibit), "the age alert of a key whose rotation failed is already paged");

  YamlValue doc = YamlValue::Map();
  doc.Set("route", std::move(route))
      .Set("inhibit_rules", std::move(inhibit_rules))
      .Set("receivers", std::move(receivers),
           "give each receiver its integrations (pagerduty_configs, slack_configs, email_configs ...)");
  const std::string header = YamlHeader(stamp, "Alertmanager routing for rekey's alerts: the seed's actions.", {});
  return {{{DefaultFileName(CompileTarget::kAlertmanager), RedactTokens(header + doc.Emit(), model.sensitive)}}};
}

}  // namespace rekey
