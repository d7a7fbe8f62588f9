"""The tour's birth journeys (theme 5, 婴儿出生一件事): idle to ticket with the father's ID card, the mother's
own card on the form, and the progress of that application followed with the receipt's number and code."""
from __future__ import annotations

from .tour_steps import complete, home_by_way_of, identify_with_card, open_dialog, open_theme, type_into


def birth_with_card(tour):
    """Theme 5 from idle to ticket with the ID card and every document."""
    yield from tour.snap("attract")
    yield from open_theme(tour, 5)
    yield from tour.snap("notice")
    yield from tour.press("print_notice", 1.0)
    yield from tour.press("start")
    yield from tour.wait_for_step("identify")
    yield from tour.snap("identify")
    yield from identify_with_card(tour, snap=True)
    yield from mothers_card(tour)
    yield from complete(tour)
    yield from tour.press("done_finish")


def mothers_card(tour):
    """On the form, the mother's name and ID number come from her own card instead of 31 taps of typing;
    the father's card, laid again by mistake, is refused for her."""
    from .form import CardForHolder

    core = tour.app.core
    yield from tour.wait_for_step("form")
    checks = tour.checks["second_card"] = {"offered": core.journey.other_card_holders()}
    yield from tour.press("read_card_mother")
    dialog = open_dialog(CardForHolder)
    if dialog is None:
        raise RuntimeError("no dialog asking for the mother's card")
    yield 0.5
    core.services.cards.place_sample("resident")          # the father lays his own card again
    yield from tour.wait(lambda: "刚才读过" in dialog.message, "the father's card refused for the mother")
    checks["refused"] = dialog.message
    yield from tour.snap("mothers-card")
    yield from tour.press("card_sample")
    yield from tour.wait(lambda: core.journey.form_values().get("name@mother"), "the mother's card read")
    yield from tour.settled()
    values = core.journey.form_values()
    checks.update(name=values.get("name@mother"), id_number=values.get("id-number@mother"),
                  marked=sorted(f for f in core.session.prefilled if f.endswith("@mother")),
                  offered_after=core.journey.other_card_holders(), card_kept=core.session.card.get("name"))


def status_lookup(tour):
    """Follow progress with the receipt number and code printed on the receipt (of birth_with_card, run
    before it)."""
    result = (tour.checks.get("results") or {}).get("birth_with_card")
    if not result:
        raise RuntimeError("status lookup needs the birth journey's receipt")
    yield from home_by_way_of(tour, 5)
    yield from tour.press("lookup")
    yield from tour.wait_for_step("lookup")
    yield from type_into(tour, "lookup_receipt", result["receipt"])
    yield from type_into(tour, "lookup_code", result["lookup_code"].upper())
    yield from tour.press("lookup_search", 1.5)
    yield from tour.snap("status")
