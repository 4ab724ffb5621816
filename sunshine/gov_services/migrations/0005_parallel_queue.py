# The merge of zwonline's queues with zwpar's parallel approval (trial1): a combined case in 并联办理中 stays in the
# lead window's queue ("w"), and the queue indexes carry the green channel (绿色通道 first, selectors.queue_page).
# A generated column cannot be altered in place (Django refuses to modify a GeneratedField): removed and re-added.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('gov_services', '0004_fees_integrity_flags'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='application',
            name='gs_app_dept_queue_idx',
        ),
        migrations.RemoveIndex(
            model_name='application',
            name='gs_app_queue_id_idx',
        ),
        migrations.RemoveField(
            model_name='application',
            name='queue',
        ),
        migrations.AddField(
            model_name='application',
            name='queue',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(status__in=('dispatched', 'awaiting_materials', 'reviewing', 'deciding', 'special', 'parallel', 'certifying', 'delivering'), then=models.Value('w')), models.When(status__in=('registered', 'returned'), then=models.Value('d')), default=models.Value('')), output_field=models.CharField(max_length=1), verbose_name='所在队列'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['department', 'queue', 'green_channel', '-id'], name='gs_app_dept_queue_g_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['queue', 'green_channel', '-id'], name='gs_app_queue_g_idx'),
        ),
    ]
