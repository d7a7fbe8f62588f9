"""Identify: put the ID card on the reader; the form is then mostly filled. Or continue without a card."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.properties import BooleanProperty, DictProperty, StringProperty

from kiosk.privacy import mask_id_number

from .base import BaseScreen, load_kv_for


class IdentifyScreen(BaseScreen):
    status = StringProperty("")
    card = DictProperty({})
    card_name = StringProperty("")   # what the kv shows of `card`: DictProperty bindings in kv proved unreliable
    card_id = StringProperty("")
    simulate = BooleanProperty(False)
    problem = StringProperty("")

    def on_activate(self) -> None:
        self.simulate = self.app.simulate
        self.problem = ""
        summary = self.core.journey.card_summary()
        self._show_card(summary or {})
        self.status = _("请将身份证放在读卡区") if not summary else ""
        try:
            self.core.services.cards.listen(self._card_read, self._card_problem)
        except Exception as exc:   # reader missing: say so, offer typing instead; never stuck
            self.problem = _("读卡器暂时不能使用，请选择“没有身份证，手动填写”或呼叫工作人员")
            self.status = ""
            import logging
            logging.getLogger(__name__).warning("ID card reader unavailable: %s", exc)

    def on_deactivate(self) -> None:
        if self.core.services.has_card_reader_open:
            self.core.services.cards.stop_listening()

    def _card_read(self, card: dict) -> None:
        if card.get("expired"):
            self.problem = _("这张身份证已过期，不能用于办理。请使用有效证件，或到窗口咨询。")
            return
        self.problem = ""
        self.core.journey.use_card(card)
        self._show_card({"name": card.get("name", ""), "id_number": mask_id_number(card.get("id_number"))})
        self.status = ""

    def _card_problem(self, reason: str) -> None:
        self.problem = reason

    def place_sample(self) -> None:
        self.core.services.cards.place_sample("resident")

    def confirm(self) -> None:
        self.app.next()

    def without_card(self) -> None:
        self.app.next()

    def _show_card(self, card: dict) -> None:
        self.card = card
        self.card_name, self.card_id = card.get("name") or "", card.get("id_number") or ""

    def read_again(self) -> None:
        self._show_card({})
        self.core.session.card = None
        self.status = _("请将身份证放在读卡区")

    def clear_personal(self) -> None:
        self._show_card({})
        self.problem = ""


load_kv_for(__name__)
