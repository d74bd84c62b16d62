import datetime as dt

from infoview.load.journal import load

from .conftest import SAMPLE


def test_sample_journal_is_clean(invoke):
    result = invoke("-j", str(SAMPLE), "validate", "--strict")
    assert result.exit_code == 0
    assert result.stdout == "0 errors, 0 warnings in 58 files\n"


def test_sample_journal_uses_every_status_and_mode():
    from infoview.journal.model import CONTACT_STATUSES, INTERVIEW_STATUSES, MODES, SOURCES

    journal = load(SAMPLE).journal
    interviews = journal.interviews.values()
    assert {i.status for i in interviews if i.status} == set(INTERVIEW_STATUSES)
    assert {i.mode for i in interviews} == set(MODES)
    assert {c.status for c in journal.contacts.values() if c.status} == set(CONTACT_STATUSES)
    assert {c.source for c in journal.contacts.values()} == set(SOURCES)
    assert len(journal.contacts) >= 15 and len(interviews) >= 30 and len(journal.companies) >= 4


def test_sample_journal_has_a_referral_chain_three_deep():
    contacts = load(SAMPLE).journal.contacts

    def depth(contact_id):
        parent = contacts[contact_id].referred_by
        return 1 + depth(parent) if parent else 0

    assert max(depth(c) for c in contacts) >= 3


def test_sample_journal_spans_about_a_year():
    dates = [i.date for i in load(SAMPLE).journal.interviews.values()]
    assert min(dates) <= dt.date(2025, 12, 31) and max(dates) >= dt.date(2026, 11, 21)
