from django.apps import AppConfig

# Django's own zh-hans wording for two validators every text field carries is wrong or awkward: a NUL character
# is reported as "不允许是用空字符串" (an *empty string* is not allowed), and the length limit as
# "确保该变量包含不超过 N 字符". Forms with their own messages keep them; these are the defaults for the rest.
NUL_MESSAGE = "内容含有不可见的空字符（NUL），请删除后重新提交。"
MAX_LENGTH_MESSAGE = "内容过长：最多 %(limit_value)d 个字符，现有 %(show_value)d 个。"


class CoreConfig(AppConfig):
    name = "sunshine.core"
    label = "core"
    verbose_name = "核心"

    def ready(self):
        from django.core import validators

        validators.ProhibitNullCharactersValidator.message = NUL_MESSAGE
        validators.MaxLengthValidator.message = MAX_LENGTH_MESSAGE

        from .manifest import connect_signals
        from .timeouts import connect_signals as connect_time_limits

        connect_signals()
        connect_time_limits()
