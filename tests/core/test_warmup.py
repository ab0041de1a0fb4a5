from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from honbu.core.warmup import template_names, warm_up
from honbu.registry import search


def test_warm_up_compiles_every_template_and_loads_the_dictionary_before_the_first_request():
    backend = engines["django"]
    (cached,) = [loader for loader in backend.engine.template_loaders if isinstance(loader, CachedLoader)]
    cached.reset()
    search._dictionary.cache_clear()
    warm_up()
    names = template_names(backend)
    assert "base.html" in names and "registry/_system_list.html" in names and "admin/base.html" not in names
    compiled = {name for name, template in cached.get_template_cache.items() if hasattr(template, "render")}
    assert set(names) <= compiled  # a template that fails to compile fails here, not in front of a user
    assert search._dictionary.cache_info().currsize == 1
