"""Rule pack validation: every error names the file, the line and the key."""
import re
import shutil

import pytest

from ketalint.rules import PackError, load_ruleset
from ketalint.rules.pack import builtin_packs_dir

RULE = """rules:
  - id: CLM901
    name: house-rule
    category: unsupported-claim
    severity: error
    kind: pattern
    pattern: '{pattern}'
    message: m
    rationale: r
    references: [x]
    examples: {{flag: [a], pass: [b]}}
{extra}"""


def pack_with(tmp_path, text, name="house.yaml"):
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / name).write_text(text)
    return str(pack)


@pytest.mark.parametrize("text,line,key,message", [
    (RULE.format(pattern="(unclosed", extra=""), 7, "rules[0] (CLM901).pattern", "invalid regular expression"),
    (RULE.format(pattern="ok", extra="    colour: red\n"), 12, "rules[0] (CLM901).colour", "unknown key"),
    (RULE.format(pattern="ok", extra="").replace("severity: error", "severity: fatal"), 5,
     "rules[0] (CLM901).severity", "must be one of"),
    (RULE.format(pattern="ok", extra="").replace("id: CLM901", "id: FDA901"), 2,
     "rules[0] (FDA901).id", "must be CLM"),
    (RULE.format(pattern="ok", extra="").replace("    examples: {flag: [a], pass: [b]}\n", ""), 2,
     "rules[0] (CLM901)", "missing required key 'examples'"),
    (RULE.format(pattern="@nosuch", extra=""), 7, "rules[0] (CLM901).pattern", "unknown named pattern"),
])
def test_rule_errors_are_located(tmp_path, text, line, key, message):
    with pytest.raises(PackError) as info:
        load_ruleset([pack_with(tmp_path, text)])
    err = info.value
    assert err.path.endswith("house.yaml") and err.key == key and message in err.message
    assert err.line == line
    assert str(err).startswith(f"{err.path}:{line}: {key}: ")


def test_duplicate_rule_id_is_refused(tmp_path):
    text = RULE.format(pattern="ok", extra="").replace("CLM901", "CLM201")
    with pytest.raises(PackError, match="duplicate rule CLM201"):
        load_ruleset([pack_with(tmp_path, text)])


def test_duplicate_yaml_key_is_refused(tmp_path):
    text = RULE.format(pattern="ok", extra="    kind: claim\n")
    with pytest.raises(PackError, match="duplicate key 'kind'") as info:
        load_ruleset([pack_with(tmp_path, text)])
    assert info.value.line == 12


def _load_with_facts(tmp_path, edit):
    """Load the built-in pack with its facts.yaml edited by ``edit``."""
    pack = tmp_path / "ketamine"
    shutil.copytree(builtin_packs_dir() / "ketamine", pack)
    facts = (pack / "facts.yaml").read_text()
    edited = edit(facts)
    assert edited != facts, "the edit changed nothing"
    (pack / "facts.yaml").write_text(edited)
    import ketalint.rules.pack as packmod
    original = packmod.builtin_packs_dir
    packmod.builtin_packs_dir = lambda: tmp_path
    try:
        with pytest.raises(PackError) as info:
            load_ruleset()
    finally:
        packmod.builtin_packs_dir = original
    return info.value


# The arketamine entry: its name, as_of and source lines.
ARKETAMINE = re.compile(r"(  arketamine:\n(?:    .*\n)*?)(    source: .*\n)")


@pytest.mark.parametrize("edit,key,message", [
    # No source at all, an empty one, an empty as_of, no as_of.
    (lambda t: ARKETAMINE.sub(lambda m: m.group(1), t, 1), "arketamine.source", "is required"),
    (lambda t: ARKETAMINE.sub(lambda m: m.group(1) + '    source: ""\n', t, 1),
     "arketamine.source", "must not be empty"),
    (lambda t: t.replace('  arketamine:\n    name: arketamine (R-ketamine, PCN-101)\n    as_of: "2026-06-30"\n',
                         '  arketamine:\n    name: arketamine (R-ketamine, PCN-101)\n    as_of:\n', 1),
     "arketamine.as_of", "must not be empty"),
    (lambda t: t.replace('  arketamine:\n    name: arketamine (R-ketamine, PCN-101)\n    as_of: "2026-06-30"\n',
                         '  arketamine:\n    name: arketamine (R-ketamine, PCN-101)\n', 1),
     "arketamine.as_of", "is required"),
])
def test_facts_entry_without_as_of_or_source_is_refused(tmp_path, edit, key, message):
    err = _load_with_facts(tmp_path, edit)
    assert err.path.endswith("facts.yaml") and err.line
    assert key in err.key and message in err.message


def test_facts_read_as_naming_no_product_is_refused(tmp_path):
    err = _load_with_facts(tmp_path, lambda t: t.replace("    read_as: esketamine\n", "    read_as: eskatamine\n", 1))
    assert err.path.endswith("facts.yaml") and err.line
    assert "read_as" in err.key and "unknown product" in err.message


def test_builtin_pack_loads():
    ruleset = load_ruleset()
    assert len(ruleset.rules) >= 30
    assert ruleset.facts.as_of
    assert all(p.approvals is not None for p in ruleset.facts.products.values())


@pytest.mark.parametrize("text,line,key,message", [
    ("claims:\n  efficacy:\n    - ok\n    - (broken\n", 2, "claims.efficacy[1]", "invalid regular expression"),
    ("entities: [tinnitus]\n", 1, "entities", "must be a mapping"),
    ("entities:\n  SYMPTOM:\n    ringing: [ringing]\n", 2, "entities.SYMPTOM", "unknown entity label"),
    ("narrows:\n  trd: depression\n", 2, "narrows.trd", "must be a list of indication ids"),
])
def test_user_lexicon_errors_name_the_users_file(tmp_path, text, line, key, message):
    with pytest.raises(PackError) as info:
        load_ruleset([pack_with(tmp_path, text, "lexicon.yaml")])
    err = info.value
    assert err.path.endswith("lexicon.yaml") and "pack" in err.path
    assert (err.line, err.key) == (line, key) and message in err.message


def test_user_lexicon_adds_entities_and_claim_cues(tmp_path):
    from ketalint.api import Linter
    from ketalint.readers import read_text

    pack = pack_with(tmp_path, "entities:\n  INDICATION:\n    tinnitus: [tinnitus]\n"
                               "claims:\n  efficacy: ['\\bsilences\\b']\n", "lexicon.yaml")
    linter = Linter(load_ruleset([pack]))
    findings = linter.lint_document(read_text("Ketamine is FDA-approved for tinnitus.", "t.md"))
    assert [f.rule for f in findings] == ["FDA101"]
    claims = [c for s in linter.analyse(read_text("Ketamine silences the noise.", "t.md")) for c in s.claims]
    assert [c.type for c in claims] == ["efficacy"]


DOCUMENT_RULE = """rules:
  - id: RSK901
    name: house-document-rule
    category: risk-disclosure
    severity: error
    kind: document
    applies_when:
      - findings: [{rule}]
    satisfied_by:
      - risk_groups: 1
        of: [{group}]
    message: m
    rationale: r
    references: [x]
    examples: {{flag: [a], pass: [b]}}
"""


@pytest.mark.parametrize("rule,group,message", [
    ("CLM999", "sedation", "'CLM999' is not a rule that finds spans"),
    ("RSK301", "sedation", "'RSK301' is not a rule that finds spans"),
    ("CLM201", "hangover", "unknown value 'hangover'"),
])
def test_document_conditions_name_known_rules_and_risks(tmp_path, rule, group, message):
    with pytest.raises(PackError, match=message):
        load_ruleset([pack_with(tmp_path, DOCUMENT_RULE.format(rule=rule, group=group))])


COUNTED_RULE = """rules:
  - id: RSK902
    name: house-counted-rule
    category: risk-disclosure
    severity: error
    kind: document
    applies_when:
      - {condition}
    satisfied_by:
      - risk_groups: 1
    message: The page names no risk.
    rationale: r
    references: [x]
    examples: {{flag: ["Ketamine helps."], pass: ["Ketamine helps, Dr. Lane said."]}}
"""


def test_a_condition_may_count_at_most(tmp_path):
    """``max: 0``: the rule applies only where the pattern never matches."""
    from ketalint.api import Linter
    from ketalint.readers import read_text

    pack = pack_with(tmp_path, COUNTED_RULE.format(condition="{pattern: '\\bsaid\\b', max: 0}"))
    linter = Linter(load_ruleset([pack]))
    found = {t: [f.rule for f in linter.lint_document(read_text(t, "t.md"))]
             for t in ("Ketamine helps.", "Ketamine helps, Dr. Lane said.")}
    assert "RSK902" in found["Ketamine helps."] and "RSK902" not in found["Ketamine helps, Dr. Lane said."]


def test_a_pattern_condition_may_skip_quotations(tmp_path):
    """``unquoted: true``: a sentence that continues a quotation is the speaker's."""
    from ketalint.api import Linter
    from ketalint.readers import read_text

    pack = pack_with(tmp_path, COUNTED_RULE.format(condition="{pattern: '\\bwe\\b', unquoted: true}"))
    linter = Linter(load_ruleset([pack]))
    found = {t: [f.rule for f in linter.lint_document(read_text(t, "t.md")) if f.rule == "RSK902"]
             for t in ('Ketamine helps. We offer it.', 'Ketamine helps, she said. "It is new. We offer it."')}
    assert found == {'Ketamine helps. We offer it.': ["RSK902"],
                     'Ketamine helps, she said. "It is new. We offer it."': []}


# A classifier of two terms: "our clinic" says yes, "reported" says no.
HOUSE_CLASSIFIER = """{"question": "the page sells", "threshold": 0.5, "min_words": 8, "intercept": 0.0,
 "terms": {"our clinic": [1.0, 4.0], "reported": [1.0, -4.0], "ketamine": [1.0, 0.0]}}"""


def test_a_classifier_condition_reads_the_page_and_short_copy_by_its_pattern(tmp_path):
    """``{classifier: NAME}`` says yes or no on copy of ``min_words`` words or
    more; shorter copy is judged by ``if_too_short`` (here: an offer)."""
    from ketalint.api import Linter
    from ketalint.readers import read_text

    pack = pack_with(tmp_path, COUNTED_RULE.format(condition="{classifier: house, if_too_short: [{pattern: '\\bbook\\b'}]}"))
    (tmp_path / "pack" / "house.classifier.json").write_text(HOUSE_CLASSIFIER)
    linter = Linter(load_ruleset([pack]))
    pages = {
        "Ketamine helps many people at our clinic in the city every week.": True,
        "Ketamine helps many people at the clinic, the paper reported this week.": False,
        "Ketamine helps. Book now.": True,       # too short to judge: an offer promotes
        "Ketamine helps at our clinic.": False,  # too short, and no offer
    }
    found = {t: any(f.rule == "RSK902" for f in linter.lint_document(read_text(t, "t.md"))) for t in pages}
    assert found == pages


@pytest.mark.parametrize("text,message", [
    ("{not json", "invalid JSON"),
    ('{"question": "q", "threshold": 0.5}', "a classifier is a JSON object with"),
    ('{"question": "q", "threshold": 2, "min_words": 1, "intercept": 0, "terms": {"a": [1, 1]}}', "threshold"),
])
def test_a_broken_classifier_file_is_a_located_pack_error(tmp_path, text, message):
    pack = pack_with(tmp_path, COUNTED_RULE.format(condition="{classifier: house}"))
    (tmp_path / "pack" / "house.classifier.json").write_text(text)
    with pytest.raises(PackError, match=message) as info:
        load_ruleset([pack])
    assert info.value.path.endswith("house.classifier.json")


def test_a_condition_names_a_classifier_the_packs_have(tmp_path):
    with pytest.raises(PackError, match="unknown classifier 'nosuch' \\(the pack has: promotion, uncited, unsupported\\)"):
        load_ruleset([pack_with(tmp_path, COUNTED_RULE.format(condition="{classifier: nosuch}"))])


def test_a_rule_when_names_a_classifier_the_packs_have(tmp_path):
    text = RULE.format(pattern="ok", extra="    when: {classifier: nosuch}\n")
    with pytest.raises(PackError, match="unknown classifier 'nosuch'"):
        load_ruleset([pack_with(tmp_path, text)])


def test_two_classifiers_may_not_share_a_name(tmp_path):
    pack = pack_with(tmp_path, COUNTED_RULE.format(condition="{classifier: promotion}"))
    (tmp_path / "pack" / "promotion.classifier.json").write_text(HOUSE_CLASSIFIER)
    with pytest.raises(PackError, match="already loaded"):
        load_ruleset([pack])


@pytest.mark.parametrize("condition", [
    "{pattern: x, max: -1}", "{pattern: x, min: 3, max: 2}", "{pattern: x, max: two}",
    "{risk_groups: 1, max: 2}", "{pattern: x, unquoted: yes please}", "{claims: {type: efficacy}, unquoted: true}"])
def test_counts_of_a_condition_are_checked(tmp_path, condition):
    with pytest.raises(PackError, match="min|max|a condition is"):
        load_ruleset([pack_with(tmp_path, COUNTED_RULE.format(condition=condition))])


def test_every_rule_error_of_a_pack_is_reported_in_one_run(tmp_path):
    """A pack's author sees all its errors at once, each with file and line."""
    from click.testing import CliRunner

    from ketalint.cli import main
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "a.yaml").write_text("rules:\n  - id: CLM901\n    name: first\n    category: nonsense\n")
    (pack / "b.yaml").write_text("rules: not-a-list\n")
    (pack / "c.yaml").write_text("rules:\n  - id: CLM902\n    name: second\n    kind: pattern\n")
    with pytest.raises(PackError) as caught:
        load_ruleset([str(pack)])
    lines = str(caught.value).splitlines()
    assert len(lines) == 3, lines
    assert [line.split(":")[0].endswith(name) for line, name in zip(lines, ("a.yaml", "b.yaml", "c.yaml"))] == [True] * 3
    page = tmp_path / "page.md"
    page.write_text("Ketamine is safe.\n")
    result = CliRunner().invoke(main, ["check", "--rules", str(pack), str(page)])
    assert result.exit_code == 2
    assert all(name in result.output for name in ("a.yaml", "b.yaml", "c.yaml")), result.output
    assert "Traceback" not in result.output


def test_an_unless_bound_to_a_page_excepts_only_where_the_classifier_says_no(tmp_path):
    """``{sentence: REGEX, page_not: NAME}``: reported praise is the reporter's
    on a page that reports, and the page's own where it promotes or is too
    short to judge."""
    from ketalint.api import Linter
    from ketalint.readers import read_text

    text = RULE.format(pattern="\\bbreakthrough\\b",
                       extra="    unless: [{sentence: '\\bhailed\\b', page_not: house}]\n")
    pack = pack_with(tmp_path, text)
    (tmp_path / "pack" / "house.classifier.json").write_text(HOUSE_CLASSIFIER)
    linter = Linter(load_ruleset([pack]))
    pages = {
        "Ketamine was hailed as a breakthrough this week, the paper reported.": False,
        "Ketamine was hailed as a breakthrough this week at our clinic.": True,
        "Ketamine, hailed as a breakthrough.": True,   # too short to judge
        "Ketamine is a breakthrough, the paper reported this week.": True,
    }
    found = {t: any(f.rule == "CLM901" for f in linter.lint_document(read_text(t, "t.md"))) for t in pages}
    assert found == pages


def test_an_unless_bound_to_a_page_names_a_classifier_the_packs_have(tmp_path):
    text = RULE.format(pattern="ok", extra="    unless: [{sentence: 'x', page_not: nosuch}]\n")
    with pytest.raises(PackError, match="unknown classifier 'nosuch'"):
        load_ruleset([pack_with(tmp_path, text)])
