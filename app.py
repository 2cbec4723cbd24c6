"""The chat page: session state, widgets, and calls into ``coach``; nothing else.

Run with ``make app`` (or ``coach app``). Ask mode only for now: answers come
with their sources, folded; failures keep the message for a retry.
"""

from __future__ import annotations

import streamlit as st

from coach import prompts
from coach.reply import BackendError, InputError
from coach.resources import lines
from coach.service import Coach
from coach.settings import load_settings

st.set_page_config(page_title="Relationship coach", page_icon="💬")


@st.cache_resource(show_spinner="Loading the coach (first start indexes the articles)…")
def get_coach() -> Coach:
    return Coach(load_settings())


coach = get_coach()
state = st.session_state
state.setdefault("turns", [])  # {"role", "content", "sources"}
state.setdefault("pending", None)  # a message that failed and can be retried

with st.sidebar:
    st.markdown("### Relationship coach")
    st.caption(prompts.NOTICE)
    st.caption(f"Model: `{coach.backend}`")
    with st.expander("Need help right now?"):
        r = lines(coach.settings.country)
        st.markdown(f"- Emergency: **{r['emergency']}**\n- {r['violence']}\n- {r['suicide']}")
    if st.button("New conversation"):
        state.turns, state.pending = [], None
        st.rerun()

st.title("💬 Relationship coach")
st.caption("Ask about listening, opening up, appreciation or reconnecting with your partner.")


def show_sources(sources: list[dict]) -> None:
    if sources:
        with st.expander(f"Sources ({len(sources)})"):
            for s in sources:
                st.markdown(f"**{s['article']}** — {s['section']}")
                st.caption(s["text"])


for turn in state.turns:
    with st.chat_message(turn["role"]):
        st.markdown(turn["content"])
        show_sources(turn.get("sources", []))


def answer(message: str) -> None:
    history = [{"role": t["role"], "content": t["content"]} for t in state.turns]
    try:
        with st.spinner("Thinking…"):
            reply = coach.ask(message, history=history)
    except InputError as exc:
        st.warning(str(exc))
        return
    except BackendError as exc:
        state.pending = message
        st.error(prompts.BACKEND_FAILED.format(backend=coach.backend, reason=exc))
        return
    state.pending = None
    state.turns.append({"role": "user", "content": message})
    state.turns.append({"role": "assistant", "content": reply.answer, "sources": reply.sources})
    st.rerun()


if state.pending and st.button("Retry"):
    answer(state.pending)

message = st.chat_input("What's on your mind?")
if message:
    answer(message)
