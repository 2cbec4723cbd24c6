"""The chat page: layout, sidebar and session state; each mode lives in ``coach.frontends.page``.

Run with ``make app`` (or ``coach app``).
"""

from __future__ import annotations

import logging
import threading

import streamlit as st

from coach.frontends import page
from coach.knowledge.resources import lines
from coach.respond import prompts
from coach.service import Coach
from coach.settings import load_settings
from coach.storage.conversations import Store

st.set_page_config(page_title="Relationship coach", page_icon=":material/favorite:", layout="centered")


@st.cache_resource(show_spinner="Starting the coach…")
def get_coach() -> Coach:
    """The coach, built once per server; what it loads ahead of the first message
    (models, the index, the articles' vectors) loads in the background."""
    coach = Coach(load_settings())
    threading.Thread(target=_warm_up, args=(coach,), name="coach-warm-up", daemon=True).start()
    return coach


def _warm_up(coach: Coach) -> None:
    try:
        coach.warm_up()
    except Exception as exc:  # a model that is down is reported when a message needs it
        logging.getLogger("coach").warning("warm-up incomplete: %s", type(exc).__name__)


@st.cache_resource
def get_store(path: str) -> Store:
    return Store(path)


coach = get_coach()
store = get_store(str(coach.settings.db_path))
state = st.session_state
state.setdefault("conv", None)
state.setdefault("pending", None)

with st.sidebar:
    st.markdown("## :material/favorite: Relationship coach")
    st.caption(prompts.NOTICE)
    with st.expander("Need help right now?", icon=":material/emergency:"):
        r = lines(coach.settings.country)
        st.markdown(f"- Emergency: **{r['emergency']}**\n- {r['violence']}\n- {r['suicide']}")
    mode = st.radio("Mode", list(page.MODES), horizontal=True, key="mode")
    kind = page.MODES[mode]
    if kind != "plan":
        st.markdown("#### Conversations")
        if st.button("New conversation", icon=":material/add:", use_container_width=True):
            state.conv, state.pending, state.last_phrasing = None, None, None
            st.rerun()
        for c in [c for c in store.conversations() if c["mode"] == kind][:30]:
            active = c["id"] == state.conv
            if st.button(c["title"], key=f"conv-{c['id']}", use_container_width=True,
                         type="primary" if active else "secondary"):
                state.conv, state.pending = c["id"], None
                st.rerun()
        current = store.conversation(state.conv) if state.conv else None
        if current:
            with st.expander("This conversation"):
                title = st.text_input("Name", value=current["title"], key=f"title-{current['id']}")
                if st.button("Rename"):
                    store.rename(current["id"], title)
                    st.rerun()
                st.download_button("Export Markdown", store.export_markdown(current["id"]), f"{current['id']}.md")
                st.download_button("Export JSON", store.export_json(current["id"]), f"{current['id']}.json")
                if st.button("Delete this conversation"):
                    store.delete(current["id"])
                    state.conv = None
                    st.rerun()
    with st.expander("Privacy"):
        st.caption(f"Everything is stored only on this device, in {coach.settings.data_dir}.")
        sure = st.checkbox("Yes, delete everything")
        if st.button("Delete all my data", disabled=not sure):
            store.delete_all()
            state.conv, state.pending, state.last_phrasing = None, None, None
            st.success("All conversations, ratings and plan notes were deleted.")
    st.caption(f"Model: `{coach.backend}`")

st.title({"ask": "Ask the coach", "practice": "Practise a conversation", "phrasing": "Find gentler words",
          "plan": "Your 30-day plan"}[kind])
if coach.status.notice:
    st.info(coach.status.notice)
getattr(page, f"{kind}_mode")(coach, store)
