"""Manifest of the portal (门户): the shell's own menu entries (home, sign-in, workbench, admin) and the demo clocks.

The other entries of both menus come from the apps' manifests (sunshine/core/manifest.py); base_public.html and
base_staff.html render them (context_processors.site)."""

from sunshine.core.manifest import AppManifest, DemoOnly, NavEntry

PREDICATES = "sunshine.accounts.predicates:"

MANIFEST = AppManifest(
    label="门户",
    navigation=[
        NavEntry("首页", "portal:home", "public", order=10, section="home"),
        NavEntry("登录", "portal:login", "my", order=10, section="login", predicate=PREDICATES + "is_anonymous"),
        NavEntry("注册", "portal:register", "my", order=20, section="register", predicate=PREDICATES + "is_anonymous"),
        NavEntry("我的", "portal:my", "my", order=10, section="my", predicate=PREDICATES + "is_citizen"),
        NavEntry("工作台", "portal:workbench", "my", order=10, predicate=PREDICATES + "is_staff"),
        NavEntry("工作台", "portal:workbench", "staff", order=10, section="workbench"),
        NavEntry("管理", "admin:index", "staff", order=90, predicate=PREDICATES + "is_superuser"),
        NavEntry("门户首页", "portal:home", "staff", order=100),
    ],
    demo="sunshine.portal.demo:load",
    demo_only=DemoOnly(clock_kinds={"portal.sample": "演示时限"}),
)
