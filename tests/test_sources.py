"""Every source the pack cites is a primary one, and every fact is dated.

A reviewer signs off on a rule's rationale and on ``facts.yaml`` by checking
their sources, so a source must be the regulator's, the law's, the label's or
the study's own: an FDA, eCFR, Federal Register, FTC or DEA page, Drugs@FDA,
DailyMed or FDALabel, ClinicalTrials.gov, a DOI, PMID or PMC id, or a journal
citation with its year. Law-firm and marketing blogs, aggregators, label
mirrors and manufacturers' sites are not.
"""
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from ketalint.rules.pack import builtin_packs_dir

#: Hosts whose pages are primary sources (subdomains included).
PRIMARY_HOSTS = (
    "fda.gov", "accessdata.fda.gov", "nctr-crs.fda.gov",   # FDA, Drugs@FDA, REMS@FDA, FDALabel
    "dailymed.nlm.nih.gov",                                # current labels
    "ecfr.gov", "federalregister.gov", "govinfo.gov",      # CFR and the Federal Register
    "ftc.gov", "dea.gov",
    "doi.org", "pmc.ncbi.nlm.nih.gov", "pubmed.ncbi.nlm.nih.gov", "clinicaltrials.gov",
    # The ICMJE's own recommendations are the primary source on how medical
    # references are written (CIT405).
    "icmje.org",
)

#: Stable identifiers a reference may give instead of an address.
IDENTIFIERS = (
    r"\bdoi:\s*10\.\d{4,9}/\S+",                       # DOI
    r"\bPMID:?\s*\d{6,9}\b", r"\bPMC\d{5,9}\b",         # PubMed, PubMed Central
    r"\bNCT\d{8}\b",                                   # ClinicalTrials.gov
    r"\b\d{1,2}\s+CFR\s+\d+(?:\.\d+)?",                # Code of Federal Regulations
    r"\b\d{1,3}\s+FR\s+\d+",                           # Federal Register
    r"\bNDA\s+\d{6}\b",                                # Drugs@FDA application
    r"\bet\s+al\.?,?\s+[A-Z][\w .&-]*?\b(?:19|20)\d{2}\b",  # journal citation with its year
)

URL = re.compile(r"https?://[^\s\"'<>)]+")


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def _primary_host(url: str) -> bool:
    host = _host(url)
    return any(host == h or host.endswith("." + h) for h in PRIMARY_HOSTS)


def secondary_reason(reference: str) -> str | None:
    """Why a reference is not a primary source, or None when it is one."""
    urls = URL.findall(reference)
    for url in urls:
        if not _primary_host(url):
            return f"{_host(url)} is not a primary source"
    if not urls and not any(re.search(p, reference) for p in IDENTIFIERS):
        return "names no address or identifier (URL, DOI, PMID, NCT, CFR, FR, NDA, journal and year)"
    return None


def _pack_files():
    return sorted((builtin_packs_dir() / "ketamine").glob("*.yaml"))


def _rule_references():
    for path in _pack_files():
        data = yaml.safe_load(path.read_text())
        for rule in (data or {}).get("rules") or []:
            for ref in rule.get("references") or []:
                yield f"{path.name} {rule['id']}", ref


def _facts():
    return yaml.safe_load((builtin_packs_dir() / "ketamine" / "facts.yaml").read_text())


def _fact_entries():
    """(where, entry) for every product and every approval in facts.yaml."""
    for pid, product in _facts()["products"].items():
        yield f"products.{pid}", product
        for i, approval in enumerate(product.get("approvals") or []):
            yield f"products.{pid}.approvals[{i}]", approval


@pytest.mark.parametrize("reference", [
    "FDA warning, 2023-10-10: https://www.jdsupra.com/legalnews/fda-issues-new-warning-regarding-4351628/",
    "Ketalar label: https://fda.report/DailyMed/46dab560-8ecd-4d92-8c92-6baa2310b09b",
    "SPRAVATO REMS: https://spravatorems.com",
    "FTC Health Products Compliance Guidance, 2022-12-20",
    "Fava M et al., Mol Psychiatry 2018: https://www.nature.com/articles/s41380-018-0256-5",
])
def test_secondary_sources_are_recognised(reference):
    assert secondary_reason(reference)


@pytest.mark.parametrize("reference", [
    "21 CFR 202.1: https://www.ecfr.gov/current/title-21/chapter-I/subchapter-C/part-202/section-202.1",
    "Drugs@FDA, NDA 211243: https://www.accessdata.fda.gov/scripts/cder/daf/index.cfm?event=overview.process&ApplNo=211243",
    "Crane MA et al., JAMA Netw Open 2023, doi:10.1001/jamanetworkopen.2023.42210",
    "Anand A et al., N Engl J Med 2023, PMID 37224232",
    "PCN-101 phase 2a trial, ClinicalTrials.gov NCT05414422",
    "DEA final rule, 64 FR 37673 (1999-07-13)",
])
def test_primary_sources_are_recognised(reference):
    assert secondary_reason(reference) is None


def test_facts_are_dated_and_primary():
    facts = _facts()
    assert str(facts.get("as_of") or "").strip(), "facts.yaml has no as_of"
    problems = []
    for where, entry in _fact_entries():
        if not str(entry.get("as_of") or "").strip():
            problems.append(f"{where}: no as_of")
        source = str(entry.get("source") or "")
        reason = secondary_reason(source) if source.strip() else "no source"
        if reason:
            problems.append(f"{where}: {reason}")
    assert not problems, "\n".join(problems)


def test_rule_references_are_primary():
    problems = [f"{where}: {ref!r}: {reason}" for where, ref in _rule_references()
                if (reason := secondary_reason(ref))]
    assert not problems, "\n".join(problems)


def test_every_rule_is_checked():
    # The YAML walk above must see the rules the loader loads, or the check is empty.
    from ketalint.rules import load_ruleset
    seen = {where.split()[1] for where, _ in _rule_references()}
    assert seen == {rule.id for rule in load_ruleset().rules}
