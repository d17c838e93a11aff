"""Extraction on small hand-written articles (not from the corpus), and properties on all sources.

Each example exercises one language pattern: an official named after a post, an
ambassador "to" a country, an apposition, a note handed to an ambassador, a reply to it,
a raid with a count and a date, a meeting and what is said at it, a planned meeting,
umbrella incidents, a measure and its dates, the background box.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extraction import extract
from kg.sources import Source, load_sources

REPO = Path(__file__).resolve().parents[1]


def run(text: str, published: str = "2025-03-20") -> dict:
    return extract(Source("example", Path("."), text, {"title": "Example", "published": published}))


def facts(result: dict, subject: str, predicate: str) -> set[str]:
    return {f["object"] for f in result["facts"] if f["subject"] == subject and f["predicate"] == predicate}


def keys(result: dict, type_: str) -> list[str]:
    return [e["key"] for e in result["entities"] if e["type"] == type_]


def test_official_with_post_agency_and_state():
    r = run("Kazakhstan's Deputy Foreign Minister Timur Suleimenov spoke to reporters. "
            "The Kazakh Foreign Ministry later published the text.")
    assert keys(r, "Official") == ["person/timur-suleimenov"]
    assert facts(r, "person/timur-suleimenov", "post") == {"Deputy Foreign Minister"}
    assert facts(r, "person/timur-suleimenov", "state") == {"state/kazakhstan"}
    # the post names a ministry that the article names too
    assert facts(r, "person/timur-suleimenov", "agency") == {"agency/kazakhstan/ministry-of-foreign-affairs"}


def test_a_post_alone_does_not_create_its_agency():
    r = run("Kyrgyz Ombudsperson Aida Saparova visited the detained workers.")
    assert facts(r, "person/aida-saparova", "state") == {"state/kyrgyzstan"}
    assert keys(r, "Agency") == []


def test_ambassador_to_a_country_and_his_embassy():
    r = run("Russia's ambassador to Kazakhstan, Pavel Orlov, was invited. "
            "Staff from the embassy's consular section attended.")
    assert facts(r, "person/pavel-orlov", "post") == {"ambassador to Kazakhstan"}
    assert facts(r, "person/pavel-orlov", "state") == {"state/russia"}
    assert facts(r, "person/pavel-orlov", "agency") == {"agency/russia/embassy-in-kazakhstan"}


def test_apposition_and_role():
    r = run("Gennady Volkov, leader of the Motherland Party, called for the deportation of all migrants. "
            "Tajik rights activist Farhod Nazarov disagreed.")
    assert facts(r, "person/gennady-volkov", "post") == {"lawmaker"}
    assert facts(r, "person/farhod-nazarov", "role") == {"rights activist"}
    assert facts(r, "person/farhod-nazarov", "state") == {"state/tajikistan"}


def test_note_handed_to_an_ambassador_and_the_reply():
    r = run("On Monday, the Kyrgyz Foreign Ministry handed a protest note to Russian Ambassador to Kyrgyzstan, "
            "Pavel Orlov, over the raid in the Leninsky district of Omsk. "
            "Russia's Foreign Ministry said it was studying the note.")
    [note] = keys(r, "Note")
    assert note == "note/kyrgyzstan-to-russia-2025-03"
    assert facts(r, note, "sender") == {"agency/kyrgyzstan/ministry-of-foreign-affairs"}
    assert facts(r, note, "recipient") == {"person/pavel-orlov", "state/russia"}
    assert facts(r, note, "actType") == {"act/protest-note"}
    assert facts(r, note, "channel") == {"channel/handed-over"}
    assert facts(r, note, "date") == {"2025-03-17"}  # the Monday before a Thursday article
    assert facts(r, note, "about") == {"incident/raid-leninsky-district-2025-03"}
    [reply] = keys(r, "CommunicativeAct")
    assert facts(r, reply, "actType") == {"act/reply-or-acknowledgement"}
    assert facts(r, reply, "inReplyTo") == {note}
    assert facts(r, reply, "about") == set()  # what it answers is inReplyTo; about is subject matter
    assert facts(r, reply, "recipient") == {"state/kyrgyzstan"}


def test_a_protest_naming_nothing_in_a_story_of_one_incident_is_about_it():
    text = ("On Saturday, police detained 40 Kyrgyz citizens at a market in Omsk. "
            "The men were taken to a police station. "
            "Their relatives gathered outside. "
            "Many had worked at the market for years. "
            "On Monday, Russia's ambassador was summoned to the Kyrgyz Foreign Ministry, "
            "where the deputy minister handed him a note of protest.")
    r = run(text)
    [incident] = keys(r, "Incident")
    [note] = keys(r, "Note")
    assert facts(r, note, "about") == {incident}
    two = run("On Friday, police raided a hostel in Tula. " + text)
    [note] = keys(two, "Note")
    assert not {k for k in facts(two, note, "about") if k.startswith("incident/")}  # which of two? none is named


def test_an_act_undated_in_its_sentence_takes_the_day_of_the_sentence_just_before():
    lead = ("Police detained 300 people at a market in Moscow on October 10.\n\n"
            "Dushanbe's official response came on Monday. ")
    summons = "Russia's ambassador to Tajikistan was summoned to the Tajik Foreign Ministry."
    r = run(lead + summons, "2026-10-15")
    [act] = [k for k in keys(r, "CommunicativeAct") if "summons" in k]
    assert facts(r, act, "date") == {"2026-10-12"}
    r = run(lead + "The reaction was swift. " + summons, "2026-10-15")  # a sentence between: only the month
    [act] = [k for k in keys(r, "CommunicativeAct") if "summons" in k]
    assert facts(r, act, "date") == {"2026-10"}


def test_the_state_of_an_official_whose_post_names_none():
    r = run("Police detained 87 people at a market in Lipetsk, Russia, on Thursday.\n\n"
            "Bakhodir Tursunkulov, deputy director of the Agency for External Labour Migration under "
            "Uzbekistan's Ministry of Employment and Poverty Reduction, told Interfax that 12 of them had patents.")
    assert facts(r, "person/bakhodir-tursunkulov", "state") == {"state/uzbekistan"}
    assert "agency/uzbekistan/migration-agency" in facts(r, "person/bakhodir-tursunkulov", "agency")
    r = run("Russia has tightened its rules for migrant children, Russian media reported.\n\n"
            "Speaking to reporters in Astana on Tuesday, Vice Minister Aidos Serikbayev said the rules would be studied.")
    assert facts(r, "person/aidos-serikbayev", "state") == {"state/kazakhstan"}
    r = run("Tajikistan protested against the law.\n\n"
            "The law, passed by the State Duma in June and signed by President Vladimir Putin on July 24, "
            "obliges migrants to install an app.")
    assert facts(r, "person/vladimir-putin", "state") == {"state/russia"}


def test_a_reply_answers_the_request_just_before_it_not_an_earlier_note():
    r = run("On Friday, Kyrgyzstan's Foreign Ministry sent a note to the Russian Embassy in Bishkek requesting "
            "information on the detention of 40 Kyrgyz citizens in Chekhov.\n\n"
            "The detentions were also discussed on Monday in Moscow, where Kyrgyzstan's Deputy Minister of Labor "
            "Aibek Dzhumaliev met Russia's Deputy Interior Minister Vladimir Kostrikov. Dzhumaliev asked the Russian "
            "side to suspend the expulsion of Kyrgyz citizens. Kostrikov promised that each case would be "
            "considered individually.", "2026-11-18")
    [reply] = [k for k in keys(r, "CommunicativeAct") if "reply" in k]
    [appeal] = [k for k in keys(r, "CommunicativeAct") if "appeal" in k]
    assert facts(r, reply, "inReplyTo") == {appeal}


def test_the_raid_said_again_where_a_minister_speaks_is_no_new_incident():
    r = run("On Saturday, police raided a market in Kazan and detained 300 Kyrgyz citizens.\n\n"
            "Two days after the raid, Kyrgyzstan's foreign minister told journalists in Bishkek that the "
            "treatment of Kyrgyz citizens was unacceptable.", "2026-09-20")
    assert [k for k in keys(r, "Incident")] == ["incident/raid-kazan-2026-09"]


def test_the_second_city_flights_went_to_is_no_scene_either():
    r = run("On Friday, border officers detained 63 Kyrgyz citizens at Moscow's Sheremetyevo airport.\n\n"
            "Of the 63, 21 were eventually deported on return flights to Bishkek and Osh.", "2026-06-02")
    assert keys(r, "Incident") == ["incident/detention-sheremetyevo-airport"]
    assert facts(r, "incident/detention-sheremetyevo-airport", "deported") == {"21||exactly"}


@pytest.mark.parametrize("clause, channel", [
    ("In a statement on its website on Tuesday, the directorate said 236 people had been detained",
     "published-statement"),
    ("the directorate said on its official website that a detainee had suddenly felt unwell", "published-statement"),
    ("The Russian Embassy confirmed to Kursiv on Wednesday that the note had been received", "interview"),
    ("the spokesman told Interfax that the checks were lawful", "interview"),
    ("the spokeswoman told a briefing that the note had been received", "briefing"),
    ("the ministry said that the note had been received", None),
])
def test_the_channel_an_act_was_made_through(clause, channel):
    from kg.extraction.acts_language import channel_of
    assert channel_of(clause, "official-statement") == channel


def test_nationals_named_one_by_one_or_by_their_trade():
    r = run("A 31-year-old citizen of Tajikistan died in a police station in Ulyanovsk on Monday.\n\n"
            "Separately, on Friday three Kyrgyz labourers were killed when a concrete slab fell at a construction "
            "site in Moscow.", "2026-10-28")
    assert facts(r, "incident/death-ulyanovsk-2026-10", "nationalsAffected") == {"state/tajikistan"}
    assert facts(r, "incident/death-moscow-2026-10", "nationalsAffected") == {"state/kyrgyzstan"}


def test_who_the_detainees_were_told_in_the_sentence_after():
    r = run("On Friday, police raided a market in Tyumen and detained 140 foreign citizens. "
            "Vendors told Kloop that most of them were from Kyrgyzstan, Uzbekistan and Tajikistan.\n\n"
            "In 2025, the vast majority of them went to Russia, with citizens of Kazakhstan the second group.",
            "2026-06-30")
    [incident] = keys(r, "Incident")
    assert facts(r, incident, "nationalsAffected") == {"state/kyrgyzstan", "state/uzbekistan", "state/tajikistan"}


def test_a_police_directorate_reporting_on_its_channel_makes_a_statement_about_the_raid():
    r = run("Early on Friday, October 23, officers of the Main Directorate of the Ministry of Internal Affairs for "
            "Moscow raided the Vostok workers' hostel in the Golyanovo district of Moscow. The Moscow police "
            "directorate reported on its Telegram channel the same day that 187 foreign citizens had been "
            "\"delivered to the police department to establish their identity\".", "2026-11-12")
    [act] = keys(r, "CommunicativeAct")
    assert facts(r, act, "sender") == {"agency/russia/ministry-of-internal-affairs"}
    assert facts(r, act, "channel") == {"channel/telegram"}
    assert facts(r, act, "about") == set(keys(r, "Incident"))


def test_a_diplomat_invited_to_the_ministry_is_summoned_by_the_ministry_named_before():
    r = run("The Ministry of Foreign Affairs of the Kyrgyz Republic has protested over a raid on a hostel in "
            "Yaroslavl on October 17.\n\n"
            "Counsellor of the Embassy of the Russian Federation in the Kyrgyz Republic Andrei Shevyakov was invited "
            "to the ministry yesterday, October 21. Deputy Minister of Foreign Affairs Nurbek Toktomushev handed him "
            "a note of protest.", "2026-10-22")
    [summons] = [k for k in keys(r, "CommunicativeAct") if "summons" in k]
    assert facts(r, summons, "sender") == {"agency/kyrgyzstan/ministry-of-foreign-affairs"}
    assert "person/andrei-shevyakov" in facts(r, summons, "recipient")
    assert facts(r, summons, "date") == {"2026-10-21"}
    [note] = keys(r, "Note")
    assert "person/andrei-shevyakov" in facts(r, note, "recipient")
    assert facts(r, note, "sender") == {"person/nurbek-toktomushev", "agency/kyrgyzstan/ministry-of-foreign-affairs"}


def test_an_incident_is_in_every_place_up_to_its_city_but_not_its_region():
    r = run("The raid took place early on Saturday, October 17, at the Uyut hostel in the Dzerzhinsky district "
            "of Yaroslavl. Police detained 96 foreigners, 43 of them citizens of Kyrgyzstan.", "2026-10-22")
    [incident] = keys(r, "Incident")
    assert facts(r, incident, "place") == {"place/uyut-hostel", "place/dzerzhinsky-district", "place/yaroslavl"}
    r = run("Police raided a market in the town of Noginsk in the Moscow region on Friday and detained 80 "
            "Uzbek citizens.", "2026-10-22")
    [incident] = keys(r, "Incident")
    assert "place/moscow-region" not in facts(r, incident, "place")


def test_a_district_of_two_words_a_vegetable_base_a_workers_hostel_and_a_regional_court():
    r = run("Last Saturday, police blocked the Yuzhnaya vegetable base in the Biryulyovo Zapadnoye district of "
            "Moscow. On Friday, police raided the Vostok workers' hostel in Kazan and detained 90 Uzbek citizens. "
            "By Monday, the Lomonosovsky District Court of the Leningrad Region had ordered 34 of them expelled.",
            "2026-11-17")
    assert facts(r, "place/yuzhnaya-vegetable-base", "partOf") == {"place/biryulyovo-zapadnoye-district"}
    assert facts(r, "place/biryulyovo-zapadnoye-district", "partOf") == {"place/moscow"}
    assert "place/vostok-workers-hostel" in {k for k in keys(r, "Place")}
    assert "Lomonosovsky District Court of the Leningrad Region" in {e["label"] for e in r["entities"]}


def test_the_operation_told_first_with_its_day_and_where_the_detainees_were_taken():
    r = run("ST PETERSBURG, Nov 17 - The operation at the Nord-Terminal warehouse complex in the village of "
            "Novoselye was carried out on Thursday, November 12, by officers of the Interior Ministry. As its press "
            "service reported on Telegram the same day, 157 foreign citizens were delivered to the police "
            "department of the Lomonosovsky district, 98 of them citizens of Tajikistan.", "2026-11-17")
    assert keys(r, "Incident") == ["incident/raid-nord-terminal-warehouse-complex"]  # not one at the police's district
    incident = "incident/raid-nord-terminal-warehouse-complex"
    assert facts(r, incident, "date") == {"2026-11-12"}  # not the dateline's "Nov 17"
    assert facts(r, incident, "detained") == {"157||exactly"}


def test_read_also_lines_and_press_contacts_are_no_facts():
    r = run("Police raided a market in Kazan on Friday and detained 80 Uzbek citizens.\n\n"
            "Read also: Tajikistan's Migration Service explains how to check the register of controlled persons\n\n"
            "Read also:\nKyrgyz Foreign Ministry summons Russian envoy\n\n"
            "Contacts for the press: Olga Zhuravleva, press secretary, tel. +7 (916) 555-01-23", "2026-11-17")
    assert not any(k.startswith(("agency/", "person/", "law/")) for k in [e["key"] for e in r["entities"]])
    assert keys(r, "State") == ["state/uzbekistan"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Read also: A title", "Read also:", "A title", "Body text.", "",
                                 "Contacts for the press: X, tel. 1", "See also: Y", "Already read also: no"]),
                max_size=8))
def test_blanking_page_furniture_keeps_every_offset(lines):
    from kg.extraction.discourse import without_furniture
    text = "\n".join(lines)
    blanked, removed = without_furniture(text)
    assert len(blanked) == len(text)
    assert all(a == b or b == " " for a, b in zip(text, blanked))  # only blanked, never moved
    before = "\n"
    for line, out in zip(text.split("\n"), blanked.split("\n")):
        if line.startswith(("Read also", "Contacts for the press", "See also")) or (
                before == "Read also:" and line):  # the title after a bare "Read also:"
            assert not out.strip()
        else:
            assert out == line  # "Already read also: no" and the body stay
        before = line


def test_a_telephone_conversation_between_two_ministers_is_a_meeting():
    r = run("On Tuesday, November 3, Deputy Minister of Foreign Affairs of Tajikistan Sodiq Imomzoda held a telephone "
            "conversation with Deputy Minister of Foreign Affairs of the Russian Federation Andrei Kruglov.",
            "2026-11-06")
    [meeting] = keys(r, "Meeting")
    assert facts(r, meeting, "date") == {"2026-11-03"}
    assert {"person/sodiq-imomzoda", "person/andrei-kruglov"} <= facts(r, meeting, "participant")
    r = run("A consul would make a phone call, and nothing would reach the press.", "2026-11-06")
    assert keys(r, "Meeting") == []


def test_assuring_ones_interlocutor_answers_the_request_just_made():
    r = run("On Tuesday, Deputy Minister of Foreign Affairs of Tajikistan Sodiq Imomzoda held a telephone conversation "
            "with Deputy Minister of Foreign Affairs of the Russian Federation Andrei Kruglov. S. Imomzoda asked the "
            "Russian side to ensure a thorough investigation. A. Kruglov assured his interlocutor that the "
            "circumstances would be investigated.", "2026-11-06")
    [reply] = [k for k in keys(r, "CommunicativeAct") if "reply" in k]
    [request] = [k for k in keys(r, "CommunicativeAct") if "imomzoda" in k]
    assert facts(r, reply, "sender") == {"person/andrei-kruglov"}
    assert facts(r, reply, "inReplyTo") == {request}


def test_the_consulates_note_is_the_note_already_told():
    r = run("The Consulate General of Tajikistan in St Petersburg has sent a note to the Russian Foreign Ministry "
            "requesting information on Tajik citizens detained last week.\n\n"
            "The GU MVD press service confirmed to Rosbalt on Tuesday that the consulate's note had been received.",
            "2026-11-17")
    assert keys(r, "Note") == ["note/tajikistan-to-russia-2026-11"]


def test_a_federal_law_and_the_president_who_signed_it_are_the_federations():
    r = run("The raid has become an argument in the debate over new rules for employers. On November 9, President "
            "Vladimir Putin signed a federal law raising fines for companies that illegally employ foreign citizens. "
            "The law will enter into force on March 1, 2027.", "2026-11-17")
    [law] = keys(r, "Law")
    assert facts(r, law, "state") == {"state/russia"}
    assert facts(r, law, "adopted") == {"2026-11-09"}
    assert facts(r, law, "inForce") == {"2027-03-01"}
    assert facts(r, "person/vladimir-putin", "state") == {"state/russia"}


def test_a_lawmakers_quoted_words_do_not_date_the_law():
    r = run("On November 9, President Vladimir Putin signed a federal law raising fines for companies that illegally "
            "employ foreign citizens. The law will enter into force on March 1, 2027.\n\n\"Today the owner pays "
            "nothing. From March, the one who profits will pay,\" Vitaly Loskutov, a State Duma deputy and one of the "
            "authors of the law, told Rosbalt.", "2026-11-17")
    [law] = keys(r, "Law")
    assert facts(r, law, "inForce") == {"2027-03-01"}  # not "From March" in a lawmaker's quoted words


def test_a_consul_general_of_a_state_in_a_city_then_the_name():
    r = run("Police raided a depot in Novosibirsk on Saturday. Consul General of Tajikistan in Novosibirsk Jamshed "
            "Rahimzoda visited the detained compatriots on Sunday.", "2026-11-06")
    assert facts(r, "person/jamshed-rahimzoda", "post") == {"Consul General"}
    assert facts(r, "person/jamshed-rahimzoda", "state") == {"state/tajikistan"}


def test_passive_note_takes_the_state_the_ambassador_serves_in():
    r = run("After the raid, a note of protest was handed to Russian Ambassador to Tajikistan, Pavel Orlov.")
    [note] = keys(r, "Note")
    assert facts(r, note, "sender") == {"state/tajikistan"}


def test_raid_with_count_date_place_agency_and_nationals():
    r = run("On March 2, officers of Russia's National Guard raided a warehouse in the Kirovsky district of "
            "Samara, detaining more than 70 Tajik citizens, according to local media.")
    [incident] = keys(r, "Incident")
    assert incident == "incident/raid-kirovsky-district-2025-03"
    assert facts(r, incident, "date") == {"2025-03-02"}
    assert facts(r, incident, "place") == {"place/kirovsky-district", "place/samara"}  # the city containing it too
    assert facts(r, "place/kirovsky-district", "partOf") == {"place/samara"}
    assert facts(r, incident, "detained") == {"70||more than"}
    assert facts(r, incident, "nationalsAffected") == {"state/tajikistan"}
    assert facts(r, incident, "agencyInvolved") == {"agency/russia/national-guard"}
    assert facts(r, incident, "modality") == {"modality/attributed"}


def test_meeting_what_is_said_at_it_and_a_planned_meeting():
    r = run("Kazakhstan's Deputy Foreign Minister Timur Suleimenov met with Russia's ambassador to Kazakhstan, "
            "Pavel Orlov, in Astana on March 4. The Kazakh side urged Moscow to protect the rights of Kazakh "
            "workers. The parties agreed to hold regular consultations.")
    meeting = "meeting/2025-03-04-kazakhstan-russia"
    assert facts(r, meeting, "participant") == {"person/timur-suleimenov", "person/pavel-orlov",
                                                "state/kazakhstan", "state/russia"}
    assert facts(r, meeting, "place") == {"place/astana"}
    [appeal] = keys(r, "CommunicativeAct")
    assert facts(r, appeal, "sender") == {"state/kazakhstan"}
    assert facts(r, appeal, "recipient") == {"state/russia"}  # "Moscow" stands for the government
    assert facts(r, appeal, "date") == {"2025-03-04"}  # made at the meeting
    planned = "meeting/2025-03-kazakhstan-russia-planned"
    assert facts(r, planned, "participant") == {"state/kazakhstan", "state/russia"}
    assert facts(r, planned, "modality") == {"modality/proposed"}


def test_pronouns_continue_an_act_and_umbrella_incidents():
    r = run("Uzbekistan's Foreign Ministry expressed concern over the reported mistreatment of Uzbek citizens "
            "during recent police raids in Russia. It called on Moscow to investigate the incidents.")
    incident = "incident/mistreatment-russia-2025-03"
    assert keys(r, "Incident") == [incident]
    assert facts(r, incident, "nationalsAffected") == {"state/uzbekistan"}
    assert facts(r, incident, "modality") == {"modality/attributed"}
    concern, call = sorted(keys(r, "CommunicativeAct"))[::-1]
    assert facts(r, call, "actType") == {"act/call-for-investigation"}
    assert facts(r, call, "sender") == {"agency/uzbekistan/ministry-of-foreign-affairs"}
    assert facts(r, call, "about") == {incident}
    assert facts(r, concern, "about") == {incident}


def test_coordinated_senders_and_their_citizens():
    r = run("Kyrgyzstan and Tajikistan have issued protests, denouncing mass detentions of their citizens in Russia.")
    [note] = keys(r, "Note")
    assert facts(r, note, "sender") == {"state/kyrgyzstan", "state/tajikistan"}
    assert facts(r, note, "recipient") == {"state/russia"}  # where the protested detentions happened
    [incident] = keys(r, "Incident")
    assert facts(r, incident, "nationalsAffected") == {"state/kyrgyzstan", "state/tajikistan"}


def test_capital_as_government_and_as_place():
    r = run("Astana urged Moscow to act after officials in Moscow met in Omsk.")
    assert "place/moscow" not in keys(r, "Place")
    assert "place/omsk" in keys(r, "Place")
    r = run("Delegations met in Moscow on May 5.")
    assert "place/moscow" in keys(r, "Place")


def test_measure_with_its_dates_in_the_background_box():
    r = run("Main news of the week.\nℹ️ In May 2023, Russian lawmakers adopted a law on the expulsion of "
            "foreign citizens. From January 1, 2024, the law took effect.")
    law = "law/russia/expulsion-regime"
    assert facts(r, law, "state") == {"state/russia"}
    assert facts(r, law, "adopted") == {"2023-05"}
    assert facts(r, law, "inForce") == {"2024-01-01"}
    assert facts(r, law, "modality") == {"modality/background"}


def test_unconfirmed_note_and_attributed_act():
    r = run("The Tajik Foreign Ministry has yet to confirm whether it sent a diplomatic note to Russia. "
            "According to local media, Russia's Foreign Ministry summoned the Tajik ambassador, Rustam Nazarov.")
    [note] = keys(r, "Note")
    assert facts(r, note, "modality") == {"modality/unconfirmed"}
    [summons] = keys(r, "CommunicativeAct")
    assert facts(r, summons, "actType") == {"act/summons"}
    assert facts(r, summons, "recipient") == {"person/rustam-nazarov", "state/tajikistan"}
    assert facts(r, summons, "modality") == {"modality/attributed"}


def test_words_that_only_look_like_events():
    r = run("Demand for migrant labor in Russia remains high. Police questioned the migrants for hours. "
            "The ministry took note of the request. Experts said prices rose.")
    assert keys(r, "CommunicativeAct") == [] and keys(r, "Note") == [] and keys(r, "Incident") == []


def test_extraction_is_deterministic():
    for source in load_sources(REPO / "sources"):
        first, second = extract(source), extract(source)
        assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True), source.id


@pytest.mark.parametrize("source", load_sources(REPO / "sources"), ids=lambda s: s.id)
def test_every_quote_is_the_stored_text_at_its_offsets(source):
    result = extract(source)
    assert result["facts"]
    for f in result["facts"]:
        assert source.text[f["start"]:f["end"]] == f["quote"]
    for e in result["entities"]:
        for start, end in e["spans"]:
            assert 0 <= start < end <= len(source.text)


WORDS = st.sampled_from([
    "Uzbekistan", "Russia", "Russian", "Uzbek", "Tashkent", "Moscow", "Foreign Ministry", "'s", " urged ", " said ",
    " note ", " protest note ", " handed ", " to ", " Ambassador ", "Ivan Petrov", " met ", " on June 8", " raid ",
    " in the Lefortovo district of Moscow", ", ", ". ", "\n", " It ", " She ", " the ministry ", " about 40 ",
    " citizens", " expressed concern ", " over ", " the incident", " studying the note", " Embassy ", " in Russia",
    " raids ", " called on ", " and ", " meeting ", " agreed to hold talks", " register of controlled persons ",
    " took effect ", " until May 1", " In 2024,", " ℹ️ ", " according to ", " who ", " also ", " President ",
    " spokeswoman ", " summoned ", "**", "[x](#)", "\u00a0", "“", "”"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=40).map("".join),
       st.sampled_from(["2025-06-12", "2025-06", "2025"]))
def test_extract_never_crashes_and_quotes_stay_exact(text, published):
    if not text.strip():
        return
    result = run(text, published)
    for f in result["facts"]:
        assert text[f["start"]:f["end"]] == f["quote"]
