/**
 * Summary: the signed-in user's account as Quire holds it. Every word comes from the catalog.
 */
import { useTranslator } from '../components/translation.js';
import { Frame, type UserFrame } from './user-frame.js';

export function SummaryPage(props: UserFrame) {
  const t = useTranslator();
  const u = props.user;
  const none = t.t('user.none');
  return (
    <Frame {...props} title={t.t('user.summary.title')} current="/user/summary">
      <h1>{t.t('user.summary.title')}</h1>
      <section class="card">
        <h2>{t.t('user.summary.account')}</h2>
        <dl class="details">
          <dt>{t.t('user.summary.username')}</dt>
          <dd>{u.username}</dd>
          <dt>{t.t('user.summary.fullName')}</dt>
          <dd>{u.fullName || none}</dd>
          <dt>{t.t('user.summary.email')}</dt>
          <dd>{u.email || none}</dd>
          <dt>{t.t('user.summary.department')}</dt>
          <dd>{u.department || none}</dd>
          <dt>{t.t('user.summary.office')}</dt>
          <dd>{u.office || none}</dd>
          <dt>{t.t('user.summary.cardNumber')}</dt>
          <dd>{u.cardNumber ? t.t('user.summary.cardOnFile') : none}</dd>
          <dt>{t.t('user.summary.accountType')}</dt>
          <dd>
            {u.internal ? t.t('user.summary.internal') : t.t('user.summary.synced', { source: u.source })}
          </dd>
        </dl>
      </section>
    </Frame>
  );
}
