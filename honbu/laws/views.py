from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render

from honbu.laws.texts import laws


def _law(key: str):
    try:
        return laws()[key]
    except KeyError:
        raise Http404


@login_not_required
def index(request):
    return render(request, "laws/index.html", {"laws": laws().values()})


@login_not_required
def law_detail(request, key):
    law = _law(key)
    return render(request, "laws/law.html", {"law": law})


@login_not_required
def provision(request, key, slug):
    law = _law(key)
    current = law.provisions.get(slug)
    if current is None:
        raise Http404
    order = list(law.provisions)
    position = order.index(slug)
    return render(request, "laws/provision.html", {
        "law": law,
        "provision": current,
        "previous": law.provisions[order[position - 1]] if position > 0 else None,
        "next": law.provisions[order[position + 1]] if position + 1 < len(order) else None,
    })
