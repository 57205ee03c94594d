"""Partner page: all details, referral figures, "Angaben geprüft", edit."""

import streamlit as st

from components import address
from components.address import NO_RECORD
from components.forms import FieldErrors, flash_and_rerun, run_service, show_flash
from components.partners.partner_forms import edit_partner_form
from components.partners.partner_views import detail_view, figures_view
from components.shell.db import session_scope
from components.shell.layout import current_actor_or_stop
from config import local_today
from services.catalogues import options
from services.errors import NotFound
from services.partners import mark_verified, partner_detail

actor = current_actor_or_stop()
today = local_today()
try:
    with session_scope() as session:
        detail = partner_detail(session, actor, address.record_id("id") or NO_RECORD)
        kinds, areas = options(session, "partner_kind"), options(session, "problem_area")
except NotFound:
    st.title("Partner")
    st.error("Diesen Partner gibt es nicht.", icon=":material/warning:")
    st.page_link("screens/partners.py", label="Zum Netzwerk", icon=":material/hub:")
    st.stop()

st.page_link("screens/partners.py", label="Netzwerk", icon=":material/arrow_back:")
show_flash()
detail_view(detail, today)
if st.button("Angaben geprüft", icon=":material/verified:", key="pv_verified"):
    ok, _ = run_service(FieldErrors(), lambda s: mark_verified(s, actor, detail.id, today))
    if ok:
        flash_and_rerun("Danke – die Angaben sind als geprüft vermerkt.")
figures_view(detail)
with st.expander("Bearbeiten"):
    edit_partner_form(actor, detail.id, detail.data, detail.version, kinds, areas)
